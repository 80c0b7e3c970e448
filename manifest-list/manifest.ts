// What a manifest is to this project: its media types, its digest, and a manifest as read from a registry.

import { createHash } from "node:crypto";

export const MEDIA_TYPES = {
    dockerManifest: "application/vnd.docker.distribution.manifest.v2+json",
    dockerList: "application/vnd.docker.distribution.manifest.list.v2+json",
    ociManifest: "application/vnd.oci.image.manifest.v1+json",
    ociIndex: "application/vnd.oci.image.index.v1+json",
} as const;

/** A manifest exactly as the registry serves it: its bytes, and what they say. */
export interface FetchedManifest {
    readonly mediaType: string;
    readonly digest: string;
    readonly bytes: Buffer;
    readonly json: Record<string, unknown>;
}

export function sha256Digest(bytes: Buffer): string {
    return `sha256:${createHash("sha256").update(bytes).digest("hex")}`;
}

/**
 * A manifest's bytes as served under `mediaType` (the registry's Content-Type). The bytes' own `mediaType`
 * wins when they name one: a registry may serve a manifest under a type it guessed.
 */
export function fetchedManifest(bytes: Buffer, mediaType: string): FetchedManifest {
    const json = JSON.parse(bytes.toString("utf8")) as Record<string, unknown>;
    return { mediaType: typeof json.mediaType === "string" ? json.mediaType : mediaType, digest: sha256Digest(bytes), bytes, json };
}
