// Publishing a manifest list safely: every source is checked, the list is pushed by its digest, read back
// and verified, and only then do its tags move. A failure before that leaves every tag where it was; a
// failure while tags move says which moved (tags.ts).

import { parseReference } from "./references.ts";
import { assertExactPlatforms, entryForPlatform, isIndex, isSingleManifest, listBytes, parsePlatform, platformString, type Descriptor } from "./assemble.ts";
import type { Login } from "./login.ts";
import { Oras } from "./oras.ts";
import { moveTags, tagPositions } from "./tags.ts";

export interface Target {
    readonly registry: string;
    readonly repository: string;
    readonly tags: readonly string[];
}

export type Log = (line: string) => void;

/** Splits `registry/repo:tag` references (all in one repository) into one target. */
export function parseTargets(references: readonly string[]): Target {
    const parsed = references.map((ref) => {
        const p = parseReference(ref);
        if (p === undefined || p.tag === undefined || p.digest !== undefined || p.registry === "") {
            throw new Error(`target "${ref}" is not of the form registry/repository:tag`);
        }
        return p;
    });
    const first = parsed[0];
    if (first === undefined) throw new Error("no target tag given");
    for (const p of parsed) {
        if (p.registry !== first.registry || p.repository !== first.repository) {
            throw new Error(`all targets must be in one repository: ${first.registry}/${first.repository} and ${p.registry}/${p.repository} differ`);
        }
    }
    return { registry: first.registry, repository: first.repository, tags: parsed.map((p) => p.tag!) };
}

/** A source must be `registry/repo@sha256:…` in the target's repository: a list can only point at its own repository's manifests. */
function sourceDigest(target: Target, reference: string, what: string): string {
    const p = parseReference(reference);
    if (p?.digest === undefined) throw new Error(`${what}: "${reference}" is not a reference pinned by digest (registry/repository@sha256:<64 hex>)`);
    if (p.registry !== target.registry || p.repository !== target.repository) {
        throw new Error(`${what}: "${reference}" is not in ${target.registry}/${target.repository}; push it there first`);
    }
    return p.digest;
}

async function descriptorFor(client: Oras, target: Target, platform: string, reference: string): Promise<Descriptor> {
    const what = `source for ${platform}`;
    const digest = sourceDigest(target, reference, what);
    const manifest = await client.fetchManifest(target.repository, digest);
    if (manifest === undefined) throw new Error(`${what}: ${reference} does not exist in the registry (was it pushed?)`);
    if (isIndex(manifest.mediaType)) return entryForPlatform(manifest, platform, reference);
    if (!isSingleManifest(manifest.mediaType)) throw new Error(`${what}: ${reference} has unsupported media type ${manifest.mediaType}`);

    // A single manifest says its platform only in its config: read it, so a foreign digest is refused.
    const image = await client.fetchConfig(target.repository, digest);
    const actual = platformString({ os: String(image.os), architecture: String(image.architecture) });
    if (actual !== platform) throw new Error(`${what}: ${reference} is a ${actual} image, not ${platform}`);
    return { mediaType: manifest.mediaType, digest: manifest.digest, size: manifest.bytes.length, platform: parsePlatform(platform) };
}

/** Pushes the list by digest, reads it back, checks its platforms, then moves each tag to it (unless `untagged`). */
async function pushVerifiedList(client: Oras, target: Target, mediaType: string, bytes: Buffer, platforms: readonly string[], log: Log, untagged = false): Promise<string> {
    const name = `${target.registry}/${target.repository}`;
    const digest = await client.pushManifest(target.repository, mediaType, bytes);
    const pushed = await client.fetchManifest(target.repository, digest);
    if (pushed === undefined) throw new Error(`${name}@${digest}: pushed, but the registry does not serve it back`);
    assertExactPlatforms(pushed, platforms, `${name}@${digest}`);
    log(`verified ${name}@${digest}: ${[...platforms].join(", ")}`);
    if (untagged) log(`no tag moved: ${target.tags.join(", ")} move by \`promote\` (the stack's tags resource, once the list is signed when it signs)`);
    else await moveTags(client, target.repository, target.tags, digest, log);
    return digest;
}

/**
 * Joins per-platform images (`platform -> repo@sha256:…`) into one list under every target tag; `untagged`:
 * pushed by its digest only, its tags to be moved by `promoteList` once it is signed.
 */
export async function createList(target: Target, sources: ReadonlyMap<string, string>, login: Login | undefined, log: Log, untagged = false): Promise<string> {
    const client = new Oras(target.registry, login);
    const entries: Descriptor[] = [];
    for (const [platform, reference] of sources) {
        const entry = await descriptorFor(client, target, platform, reference);
        log(`source ${platform}: ${entry.digest} (${entry.mediaType})`);
        entries.push(entry);
    }
    const { mediaType, bytes } = listBytes(entries);
    return pushVerifiedList(client, target, mediaType, bytes, [...sources.keys()], log, untagged);
}

/** Publishes an existing list (a tested one) under new tags, byte for byte, after checking its platforms. */
export async function promoteList(target: Target, from: string, platforms: readonly string[], login: Login | undefined, log: Log): Promise<string> {
    const client = new Oras(target.registry, login);
    const digest = sourceDigest(target, from, "list to promote");
    const list = await client.fetchManifest(target.repository, digest);
    if (list === undefined) throw new Error(`list to promote: ${from} does not exist in the registry`);
    assertExactPlatforms(list, platforms, from);
    return pushVerifiedList(client, target, list.mediaType, list.bytes, platforms, log);
}

/** Where each target tag points now (`registry/repo:tag` -> digest, or null for a missing tag). */
export async function targetPositions(target: Target, login: Login | undefined): Promise<Record<string, string | null>> {
    const positions = await tagPositions(new Oras(target.registry, login), target.repository, target.tags);
    return Object.fromEntries([...positions].map(([tag, digest]) => [`${target.registry}/${target.repository}:${tag}`, digest ?? null]));
}
