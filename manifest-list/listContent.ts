// What a published list holds, read from its registry with oras (manifest-list/oras.ts): the
// image of each platform, and the labels an image was built with (its version, and the parents it was
// built FROM, which every Dockerfile records in OCI labels).

import { isIndex, platformString, type Descriptor } from "./assemble.ts";
import type { Login } from "./login.ts";
import { Oras } from "./oras.ts";
import { parseReference } from "./references.ts";

export interface ListContent {
    /** Platform -> digest of its image (attestation entries aside). */
    readonly platforms: Readonly<Record<string, string>>;
}

/** The stack's registry and the stack's login for it; other registries are read with Docker's login. */
export interface RegistryAccess {
    readonly registry: string;
    readonly login?: Login;
}

/** The login for `host`: the stack's if it is the stack's registry (that login is that registry's), else none (Docker's). */
export function loginFor(host: string, access: RegistryAccess): Login | undefined {
    return host === access.registry ? access.login : undefined;
}

/** A client of `host`, with the login `loginFor` chooses. */
export function registryClient(host: string, access: RegistryAccess): Oras {
    return new Oras(host, loginFor(host, access));
}

function clientFor(reference: string, access: RegistryAccess): { client: Oras; repository: string; digest: string } {
    const parsed = parseReference(reference);
    if (parsed?.digest === undefined) throw new Error(`"${reference}" is not a reference pinned by digest (registry/repository@sha256:<64 hex>)`);
    return { client: registryClient(parsed.registry || "docker.io", access), repository: parsed.repository, digest: parsed.digest };
}

/** The platforms of the list `reference` (`repo@sha256:…`), or undefined when the registry does not hold it. */
export async function readList(reference: string, access: RegistryAccess): Promise<ListContent | undefined> {
    const { client, repository, digest } = clientFor(reference, access);
    const list = await client.fetchManifest(repository, digest);
    if (list === undefined) return undefined;
    if (!isIndex(list.mediaType)) throw new Error(`${reference} is a ${list.mediaType}, not a manifest list`);
    const entries = ((list.json.manifests as Descriptor[] | undefined) ?? []).filter((m) => m.platform !== undefined && m.platform.os !== "unknown");
    return { platforms: Object.fromEntries(entries.map((m) => [platformString(m.platform), m.digest])) };
}

/** The labels of the image `digest` in the repository of `reference` (the image's config, `config.Labels`). */
export async function imageLabels(reference: string, digest: string, access: RegistryAccess): Promise<Record<string, string>> {
    const { client, repository } = clientFor(reference, access);
    const config = await client.fetchConfig(repository, digest);
    return ((config.config as { Labels?: Record<string, string> } | undefined)?.Labels) ?? {};
}
