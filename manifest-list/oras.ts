// The registry, through oras (https://oras.land), the OCI client the project uses wherever it reads or
// writes manifests. oras reads Docker's config file and its credential helpers as `docker push` does, so a
// `docker login` is enough; a login given to the program reaches oras on its stdin (`--password-stdin`),
// never on its command line, and wins over Docker's. Manifests go in and out as files, byte for byte.

import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { isDigest } from "./references.ts";
import { withLogin, type Login } from "./login.ts";
import { fetchedManifest, sha256Digest, type FetchedManifest } from "./manifest.ts";
import { isNotFound, orasFailure } from "./orasFailure.ts";

/**
 * A registry answers small manifest requests in seconds (oras retries a 5xx itself, a few times over
 * some seconds), still seconds on a loaded 2-core machine; one that says nothing for this long is stuck.
 */
const CALL_TIMEOUT_MS = 120_000;

/** Loopback registries speak plain HTTP, as the Docker engine treats them; every other registry HTTPS. */
export function speaksPlainHttp(host: string): boolean {
    const hostname = host.replace(/:\d+$/, "");
    return hostname === "localhost" || hostname.startsWith("127.") || hostname === "[::1]";
}

async function inTemporaryDirectory<T>(action: (dir: string) => Promise<T>): Promise<T> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "uw-oras-"));
    try {
        return await action(dir);
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

export class Oras {
    readonly host: string;
    private readonly login?: Login;

    constructor(host: string, login?: Login) {
        this.host = host;
        this.login = login;
    }

    /** `host/repository:tag` or `host/repository@sha256:…`. */
    reference(repository: string, tagOrDigest: string): string {
        return `${this.host}/${repository}${isDigest(tagOrDigest) ? "@" : ":"}${tagOrDigest}`;
    }

    /** The manifest under a tag or digest, exactly as the registry serves it; undefined when it holds none. */
    async fetchManifest(repository: string, tagOrDigest: string): Promise<FetchedManifest | undefined> {
        const ref = this.reference(repository, tagOrDigest);
        return inTemporaryDirectory(async (dir) => {
            const file = path.join(dir, "manifest.json");
            const out = await this.run(["manifest", "fetch", "--descriptor", "--output", file], [ref], `read ${ref}`, { missingIsUndefined: true });
            if (out === undefined) return undefined;
            const descriptor = JSON.parse(out) as { mediaType: string; digest: string };
            const manifest = fetchedManifest(fs.readFileSync(file), descriptor.mediaType);
            const expected = isDigest(tagOrDigest) ? tagOrDigest : descriptor.digest;
            if (manifest.digest !== expected) throw new Error(`${ref}: the registry served content whose digest is ${manifest.digest}, not ${expected}`);
            return manifest;
        });
    }

    /** The config blob of an image manifest (where a single-platform image says its platform). */
    async fetchConfig(repository: string, digest: string): Promise<Record<string, unknown>> {
        const ref = this.reference(repository, digest);
        return JSON.parse((await this.run(["manifest", "fetch-config"], [ref], `read the config of ${ref}`))!) as Record<string, unknown>;
    }

    /** Pushes a manifest under its own digest (no tag moves) and returns that digest. */
    async pushManifest(repository: string, mediaType: string, bytes: Buffer): Promise<string> {
        const digest = sha256Digest(bytes);
        const ref = this.reference(repository, digest);
        await inTemporaryDirectory(async (dir) => {
            const file = path.join(dir, "manifest.json");
            fs.writeFileSync(file, bytes);
            await this.run(["manifest", "push", "--media-type", mediaType], [ref, file], `push ${ref}`);
        });
        return digest;
    }

    /** Points `tag` at the manifest `digest` of the same repository, whose bytes the registry already holds. */
    async tag(repository: string, digest: string, tag: string): Promise<void> {
        await this.run(["tag"], [this.reference(repository, digest), tag], `move ${this.reference(repository, tag)} to ${digest}`);
    }

    /**
     * Digests of the manifests that refer to `digest` (signatures, attestations): through the registry's
     * referrers API where it has one (Docker Hub), else the OCI referrers tag `sha256-<hex>` (registry 2.8).
     */
    async referrers(repository: string, digest: string): Promise<string[]> {
        const ref = this.reference(repository, digest);
        const out = await this.run(["discover", "--format", "json", "--depth", "1"], [ref], `list what refers to ${ref}`);
        return ((JSON.parse(out!) as { referrers?: { digest: string }[] }).referrers ?? []).map((r) => r.digest);
    }

    /** Where a tag points now; undefined when the repository has no such tag. */
    async resolve(repository: string, tag: string): Promise<string | undefined> {
        const ref = this.reference(repository, tag);
        return (await this.run(["resolve"], [ref], `read ${ref}`, { missingIsUndefined: true }))?.trim();
    }

    /** Runs one oras command and returns its stdout; undefined for "not found" when `missingIsUndefined`. */
    private run(command: readonly string[], positionals: readonly string[], what: string, options: { missingIsUndefined?: boolean } = {}): Promise<string | undefined> {
        const args = [
            ...command,
            ...(speaksPlainHttp(this.host) ? ["--plain-http"] : []),
            ...(this.login === undefined ? [] : ["--username", this.login.username, "--password-stdin"]),
            ...positionals,
        ];
        return new Promise((resolve, reject) => {
            // The program's own login variables stay out of oras's environment: oras gets the password on stdin only.
            const child = spawn("oras", args, { env: withLogin(process.env, undefined), stdio: ["pipe", "pipe", "pipe"], timeout: CALL_TIMEOUT_MS });
            let stdout = "";
            let stderr = "";
            child.stdout.on("data", (chunk) => { stdout += chunk; });
            child.stderr.on("data", (chunk) => { stderr += chunk; });
            // oras may exit before it reads stdin (a refused connection): that is its answer, not an error here.
            child.stdin.on("error", () => undefined);
            child.stdin.end(this.login?.password ?? "");
            child.once("error", (error: NodeJS.ErrnoException) => {
                reject(error.code === "ENOENT"
                    ? new Error("oras is not installed (not on PATH): run scripts/setup.sh, which installs it, or see https://oras.land/docs/installation")
                    : error);
            });
            child.once("close", (code, signal) => {
                if (code === 0) resolve(stdout);
                else if (options.missingIsUndefined && isNotFound(stderr)) resolve(undefined);
                else if (signal !== null) reject(new Error(`${this.host}: no answer within ${CALL_TIMEOUT_MS / 1000} s while trying to ${what}`));
                else reject(orasFailure(this.host, what, stderr, this.login));
            });
        });
    }
}
