// The real parts the tests use: the Docker engine with BuildKit, the local registry, the base OS image.
// scripts/setup.sh provides all of them and exports where they are; a test run without it fails, loudly.

import { execFile } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { buildxCommand } from "../../components/buildxCommand.ts";
import { PROJECT_DIR } from "./projectConfig.ts";

const execFileAsync = promisify(execFile);

function required(name: string): string {
    const value = process.env[name];
    if (!value) throw new Error(`${name} is not set: run the tests through scripts/test.sh, which sets up the engine and the registry`);
    return value;
}

export const registry = () => required("UW_REGISTRY");
export const baseOsImage = () => required("UW_BASE_OS_IMAGE");

/** A namespace of its own for each test, so tests never see each other's tags. */
export function uniqueNamespace(prefix: string): string {
    return `${prefix}-${randomBytes(4).toString("hex")}`;
}

export async function run(command: string, args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string } = {}) {
    try {
        const { stdout, stderr } = await execFileAsync(command, args, { cwd: options.cwd ?? PROJECT_DIR, env: options.env ?? process.env, maxBuffer: 64 << 20 });
        return { code: 0, stdout, stderr };
    } catch (error) {
        const e = error as { code?: number; stdout?: string; stderr?: string };
        return { code: typeof e.code === "number" ? e.code : 1, stdout: e.stdout ?? "", stderr: e.stderr ?? String(error) };
    }
}

/** Runs the project's manifest-list program as the command resource does. */
export function manifestList(args: readonly string[], env: NodeJS.ProcessEnv = process.env) {
    return run(process.execPath, ["--import", "tsx", "manifest-list/cli.ts", ...args], { env });
}

/** Builds a context for one platform with BuildKit, pushes it, and returns the pushed manifest digest. */
export async function buildContext(context: string, dockerfile: string, platform: string, imageName: string, buildArgs: Readonly<Record<string, string>> = {}): Promise<string> {
    const metadata = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "uw-meta-")), "metadata.json");
    const result = await run("docker", buildxCommand({ context, dockerfile, platform, imageName, buildArgs, metadataFile: metadata }));
    if (result.code !== 0) throw new Error(`docker buildx build ${imageName} failed:\n${result.stderr}`);
    const digest = JSON.parse(fs.readFileSync(metadata, "utf8"))["containerimage.digest"] as string;
    fs.rmSync(path.dirname(metadata), { recursive: true, force: true });
    return digest;
}

/** Builds a Dockerfile given as text (its context holds nothing else). */
export async function buildAndPush(dockerfile: string, platform: string, imageName: string, buildArgs: Readonly<Record<string, string>> = {}): Promise<string> {
    const context = fs.mkdtempSync(path.join(os.tmpdir(), "uw-ctx-"));
    fs.writeFileSync(path.join(context, "Dockerfile"), dockerfile);
    try {
        return await buildContext(context, path.join(context, "Dockerfile"), platform, imageName, buildArgs);
    } finally {
        fs.rmSync(context, { recursive: true, force: true });
    }
}

/**
 * Every repository the registry holds under `namespace` (all of them without one), read page by page: the
 * registry refuses pages of more than 1000. Tests running beside each other push to other namespaces.
 */
export async function catalog(namespace?: string): Promise<string[]> {
    const repositories: string[] = [];
    for (let page: string | undefined = "/v2/_catalog?n=1000"; page !== undefined;) {
        const response = await fetch(`http://${registry()}${page}`);
        if (!response.ok) throw new Error(`the registry's catalog: HTTP ${response.status}: ${await response.text()}`);
        repositories.push(...((await response.json()) as { repositories: string[] }).repositories);
        page = /<([^>]+)>;\s*rel="next"/.exec(response.headers.get("link") ?? "")?.[1];
    }
    return namespace === undefined ? repositories : repositories.filter((repository) => repository.startsWith(`${namespace}/`));
}

export const LIST_TYPES = [
    "application/vnd.docker.distribution.manifest.list.v2+json",
    "application/vnd.oci.image.index.v1+json",
    "application/vnd.docker.distribution.manifest.v2+json",
    "application/vnd.oci.image.manifest.v1+json",
].join(", ");

/** What the registry serves for a reference, read through its HTTP API (not through the project's code). */
export async function registryManifest(repository: string, reference: string, host = registry(), login?: { username: string; password: string }) {
    const authorization: Record<string, string> = login === undefined ? {} : { Authorization: `Basic ${Buffer.from(`${login.username}:${login.password}`).toString("base64")}` };
    const get = () => fetch(`http://${host}/v2/${repository}/manifests/${reference}`, { headers: { Accept: LIST_TYPES, ...authorization } });
    // The registry's filesystem storage can answer 500 "invalid checksum digest format" while a tag's link
    // file is being rewritten (seen here under load); a client retries, as the manifest-list program does.
    let response = await get();
    for (let attempt = 0; response.status >= 500 && attempt < 5; attempt++) {
        await response.arrayBuffer();
        await new Promise((resolve) => setTimeout(resolve, 200 * (attempt + 1)));
        response = await get();
    }
    const body = Buffer.from(await response.arrayBuffer());
    return {
        status: response.status,
        headerDigest: response.headers.get("docker-content-digest"),
        bodyDigest: `sha256:${createHash("sha256").update(body).digest("hex")}`,
        json: response.ok ? (JSON.parse(body.toString()) as { mediaType: string; manifests?: Array<{ digest: string; platform: { os: string; architecture: string } }> }) : undefined,
    };
}

/** Platform -> digest of each entry of a list, attestations aside. */
export function listEntries(json: { manifests?: Array<{ digest: string; platform: { os: string; architecture: string } }> } | undefined): Record<string, string> {
    return Object.fromEntries((json?.manifests ?? [])
        .filter((m) => m.platform.os !== "unknown")
        .map((m) => [`${m.platform.os}/${m.platform.architecture}`, m.digest]));
}
