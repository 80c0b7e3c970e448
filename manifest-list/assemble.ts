// Pure parts of a manifest list: which entry of a source stands for a platform, the list's bytes,
// and the check that a list holds exactly the configured platforms.

import { MEDIA_TYPES, type FetchedManifest } from "./manifest.ts";

export interface Descriptor {
    readonly mediaType: string;
    readonly digest: string;
    readonly size: number;
    readonly platform: { readonly os: string; readonly architecture: string; readonly variant?: string };
}

export function isIndex(mediaType: string): boolean {
    return mediaType === MEDIA_TYPES.dockerList || mediaType === MEDIA_TYPES.ociIndex;
}

export function isSingleManifest(mediaType: string): boolean {
    return mediaType === MEDIA_TYPES.dockerManifest || mediaType === MEDIA_TYPES.ociManifest;
}

/** `linux/arm64/v8` -> its parts. */
export function parsePlatform(platform: string): Descriptor["platform"] {
    const [os, architecture, variant] = platform.split("/");
    if (!os || !architecture) throw new Error(`"${platform}" is not a platform such as linux/amd64`);
    return variant === undefined ? { os, architecture } : { os, architecture, variant };
}

export function platformString(p: Descriptor["platform"]): string {
    return [p.os, p.architecture].join("/");
}

/**
 * The entry of an index that stands for `platform`. Docker >= 29 pushes an index even for one
 * platform, with attestation manifests marked `unknown/unknown`; those are not platforms.
 */
export function entryForPlatform(index: FetchedManifest, platform: string, source: string): Descriptor {
    const manifests = (index.json.manifests as Descriptor[] | undefined) ?? [];
    const matches = manifests.filter((m) => m.platform !== undefined && platformString(m.platform) === platform);
    if (matches.length !== 1) {
        const held = manifests.map((m) => (m.platform ? platformString(m.platform) : "?")).join(", ") || "nothing";
        throw new Error(`${source} is an index holding ${held}; expected exactly one ${platform} entry`);
    }
    const { mediaType, digest, size } = matches[0]!;
    return { mediaType, digest, size, platform: parsePlatform(platform) };
}

/** The list's bytes. Keys in a fixed order and entries in the order given, so a rerun yields the same digest. */
export function listBytes(entries: readonly Descriptor[]): { mediaType: string; bytes: Buffer } {
    const oci = entries.some((e) => e.mediaType === MEDIA_TYPES.ociManifest);
    const mediaType = oci ? MEDIA_TYPES.ociIndex : MEDIA_TYPES.dockerList;
    const list = {
        schemaVersion: 2,
        mediaType,
        manifests: entries.map((e) => ({
            mediaType: e.mediaType,
            digest: e.digest,
            size: e.size,
            platform: e.platform.variant === undefined
                ? { architecture: e.platform.architecture, os: e.platform.os }
                : { architecture: e.platform.architecture, os: e.platform.os, variant: e.platform.variant },
        })),
    };
    return { mediaType, bytes: Buffer.from(JSON.stringify(list, null, 3)) };
}

/** Throws unless the list holds exactly `platforms`, each once (attestation entries aside). */
export function assertExactPlatforms(list: FetchedManifest, platforms: readonly string[], what: string): void {
    if (!isIndex(list.mediaType)) throw new Error(`${what} is a ${list.mediaType}, not a manifest list`);
    const held = ((list.json.manifests as Descriptor[] | undefined) ?? [])
        .filter((m) => m.platform !== undefined && m.platform.os !== "unknown")
        .map((m) => platformString(m.platform))
        .sort();
    const wanted = [...platforms].sort();
    if (held.join(",") !== wanted.join(",")) {
        throw new Error(`${what} holds [${held.join(", ")}]; expected exactly [${wanted.join(", ")}]`);
    }
}
