// What a published list holds, read from its registry through the manifest-list program's client: the
// image of each platform, and the labels an image was built with (its version, and the parents it was
// built FROM, which every Dockerfile records in OCI labels).

import { isIndex, platformString, type Descriptor } from "../manifest-list/assemble.ts";
import { RegistryClient, type Credentials } from "../manifest-list/registry.ts";
import { parseReference } from "./references.ts";

export interface ListContent {
    /** Platform -> digest of its image (attestation entries aside). */
    readonly platforms: Readonly<Record<string, string>>;
}

function clientFor(reference: string, credentials: Credentials | undefined): { client: RegistryClient; repository: string; digest: string } {
    const parsed = parseReference(reference);
    if (parsed?.digest === undefined) throw new Error(`"${reference}" is not a reference pinned by digest (registry/repository@sha256:<64 hex>)`);
    return { client: new RegistryClient(parsed.registry || "docker.io", credentials), repository: parsed.repository, digest: parsed.digest };
}

/** The platforms of the list `reference` (`repo@sha256:…`), or undefined when the registry does not hold it. */
export async function readList(reference: string, credentials: Credentials | undefined): Promise<ListContent | undefined> {
    const { client, repository, digest } = clientFor(reference, credentials);
    const list = await client.getManifest(repository, digest);
    if (list === undefined) return undefined;
    if (!isIndex(list.mediaType)) throw new Error(`${reference} is a ${list.mediaType}, not a manifest list`);
    const entries = ((list.json.manifests as Descriptor[] | undefined) ?? []).filter((m) => m.platform !== undefined && m.platform.os !== "unknown");
    return { platforms: Object.fromEntries(entries.map((m) => [platformString(m.platform), m.digest])) };
}

/** The labels of the image `digest` in the repository of `reference` (the image's config, `config.Labels`). */
export async function imageLabels(reference: string, digest: string, credentials: Credentials | undefined): Promise<Record<string, string>> {
    const { client, repository } = clientFor(reference, credentials);
    const manifest = await client.getManifest(repository, digest);
    if (manifest === undefined) throw new Error(`${reference}: its image ${digest} is not in the registry`);
    const config = await client.getBlobJson(repository, (manifest.json.config as { digest: string }).digest);
    return ((config.config as { Labels?: Record<string, string> } | undefined)?.Labels) ?? {};
}
