// The real parts the tests use: the Docker engine with BuildKit, the local registry, the base OS image.
// scripts/setup.sh provides all of them and exports where they are; a test run without it fails, loudly.

import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { buildxCommand } from "../../plan/buildxCommand.ts";
import { MANIFEST_LIST_NODE_ARGS } from "../../components/manifestListCommand.ts";
import { PROJECT_DIR } from "./projectConfig.ts";

import { mustRun, registry, run } from "../../scripts/scratch-project.ts";

export { baseOsImage, mustRun, registry, run, uniqueNamespace } from "../../scripts/scratch-project.ts";

/** Runs the project's manifest-list program as the list resources do (a test of a refusal checks the code itself). */
export function manifestList(args: readonly string[], env: NodeJS.ProcessEnv = process.env) {
    return run(process.execPath, [...MANIFEST_LIST_NODE_ARGS, ...args], { env });
}

/** The manifest-list program where it must succeed (mustRun). */
export function mustManifestList(args: readonly string[], env: NodeJS.ProcessEnv = process.env) {
    return mustRun(process.execPath, [...MANIFEST_LIST_NODE_ARGS, ...args], { env });
}

/** Builds a context for one platform with BuildKit, pushes it, and returns the pushed manifest digest. */
export async function buildContext(context: string, dockerfile: string, platform: string, imageName: string, buildArgs: Readonly<Record<string, string>> = {}): Promise<string> {
    const metadata = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "uw-meta-")), "metadata.json");
    await mustRun("docker", buildxCommand({ context, dockerfile, platform, imageName, buildArgs, metadataFile: metadata }));
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

/** A login the tests hand to oras on its stdin. */
export interface TestLogin {
    readonly username: string;
    readonly password: string;
}

/** oras's options for the tests' registries: plain HTTP (all on 127.0.0.1), and a login on stdin when given. */
const orasOptions = (login?: TestLogin) => ["--plain-http", ...(login === undefined ? [] : ["--username", login.username, "--password-stdin"])];

/**
 * One tiny image per platform, pushed as `<name>:<tag>-<arch>`: FROM scratch with one file, so nothing runs
 * and no emulation is needed. Returns platform -> pushed digest.
 */
export async function pushTinyImages(name: string, tag = "src", labels: Readonly<Record<string, string>> = {}): Promise<Record<string, string>> {
    const digests: Record<string, string> = {};
    const labelLines = Object.entries(labels).map(([key, value]) => `LABEL ${key}=${JSON.stringify(value)}\n`).join("");
    for (const platform of ["linux/amd64", "linux/arm64"]) {
        const arch = platform.split("/")[1]!;
        digests[platform] = await buildAndPush(`FROM scratch\nCOPY Dockerfile /${arch}\n${labelLines}`, platform, `${name}:${tag}-${arch}`);
    }
    return digests;
}

/**
 * Every repository the registry holds under `namespace` (all of them without one), read with oras, which
 * pages through the catalog. Tests running beside each other push to other namespaces.
 */
export async function catalog(namespace?: string, host = registry()): Promise<string[]> {
    const result = await mustRun("oras", ["repo", "ls", ...orasOptions(), namespace === undefined ? host : `${host}/${namespace}`]);
    const names = result.stdout.split("\n").filter((line) => line !== "");
    return namespace === undefined ? names : names.map((name) => `${namespace}/${name}`);
}

/**
 * What the registry serves for a reference, read with oras (not through the project's code): 200 with the
 * digest the registry reports, the digest of the bytes and their JSON; 404 when it holds none; 401 when it
 * wants a login it was not given (then no digests: "" and null).
 */
export async function registryManifest(repository: string, reference: string, host = registry(), login?: TestLogin) {
    const ref = `${host}/${repository}${reference.startsWith("sha256:") ? "@" : ":"}${reference}`;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "uw-read-"));
    try {
        const file = path.join(dir, "manifest.json");
        const result = await run("oras", ["manifest", "fetch", "--descriptor", "--output", file, ...orasOptions(login), ref], { input: login?.password });
        if (result.code !== 0) {
            const status = /: not found\s*$/m.test(result.stderr) ? 404 : /unauthorized|credential/i.test(result.stderr) ? 401 : undefined;
            if (status === undefined) throw new Error(`oras cannot read ${ref}: ${result.stderr}`);
            return { status, headerDigest: null, bodyDigest: "", json: undefined };
        }
        const body = fs.readFileSync(file);
        return {
            status: 200,
            headerDigest: (JSON.parse(result.stdout) as { digest: string }).digest as string | null,
            bodyDigest: `sha256:${createHash("sha256").update(body).digest("hex")}`,
            json: JSON.parse(body.toString()) as { mediaType: string; manifests?: Array<{ digest: string; platform?: { os: string; architecture: string } }> } | undefined,
        };
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

/** Platform -> digest of each entry of a list, attestations (`unknown/unknown`) aside. */
export function listEntries(json: { manifests?: Array<{ digest: string; platform?: { os: string; architecture: string } }> } | undefined): Record<string, string> {
    return Object.fromEntries((json?.manifests ?? [])
        .filter((m) => m.platform !== undefined && m.platform.os !== "unknown")
        .map((m) => [`${m.platform!.os}/${m.platform!.architecture}`, m.digest]));
}
