// Image references and digests: the one place that knows their shapes.

/** A content digest as registries print it: `sha256:` and 64 lowercase hex digits. */
export const DIGEST_PATTERN = /^sha256:[0-9a-f]{64}$/;

/** A registry host with an optional port: `docker.io`, `ghcr.io`, `127.0.0.1:5000`, `localhost:5000`. */
const HOST_PATTERN = /^(localhost|[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+)(:[0-9]{1,5})?$/;

/** One or more lowercase path components, as the distribution spec allows in a repository name. */
const REPOSITORY_PATH_PATTERN = /^[a-z0-9]+([._-][a-z0-9]+)*(\/[a-z0-9]+([._-][a-z0-9]+)*)*$/;

/** A tag: up to 128 characters of word characters, dots and dashes, not starting with either. */
const TAG_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

export function isDigest(value: string): boolean {
    return DIGEST_PATTERN.test(value);
}

export function isRegistryHost(value: string): boolean {
    return HOST_PATTERN.test(value);
}

export function isRepositoryPath(value: string): boolean {
    return REPOSITORY_PATH_PATTERN.test(value);
}

export function isTag(value: string): boolean {
    return TAG_PATTERN.test(value);
}

/** A reference split into its parts. `registry` is empty when the reference names none. */
export interface ParsedReference {
    readonly registry: string;
    readonly repository: string;
    readonly tag?: string;
    readonly digest?: string;
}

/**
 * Splits `registry/repository[:tag][@digest]`. The first path component counts as a registry
 * only when it looks like a host (has a dot or a port, or is `localhost`), as Docker decides.
 * Returns undefined when any part is malformed.
 */
export function parseReference(reference: string): ParsedReference | undefined {
    const [name, digest, ...rest] = reference.split("@");
    if (rest.length > 0 || name === undefined) return undefined;
    if (digest !== undefined && !isDigest(digest)) return undefined;

    const slash = name.indexOf("/");
    const first = slash === -1 ? "" : name.slice(0, slash);
    const looksLikeHost = first === "localhost" || first.includes(".") || first.includes(":");
    const registry = looksLikeHost ? first : "";
    const remainder = looksLikeHost ? name.slice(slash + 1) : name;

    const colon = remainder.lastIndexOf(":");
    const repository = colon === -1 ? remainder : remainder.slice(0, colon);
    const tag = colon === -1 ? undefined : remainder.slice(colon + 1);

    if (registry !== "" && !isRegistryHost(registry)) return undefined;
    if (!isRepositoryPath(repository)) return undefined;
    if (tag !== undefined && !isTag(tag)) return undefined;
    return { registry, repository, tag, digest };
}

/** True for `registry/repository@sha256:<64 hex>`: a reference that can never move. */
export function isPinnedReference(reference: string): boolean {
    const parsed = parseReference(reference);
    return parsed !== undefined && parsed.digest !== undefined && parsed.tag === undefined;
}

/** The digest of a pinned reference, e.g. `sha256:…` from `repo@sha256:…`. */
export function digestOf(reference: string): string {
    const parsed = parseReference(reference);
    if (parsed?.digest === undefined) {
        throw new Error(`"${reference}" is not a reference pinned by digest (expected repo@sha256:<64 hex>)`);
    }
    return parsed.digest;
}

/**
 * Checks a digest reported by a tool and returns it. `what` names the image and platform so that
 * a malformed digest fails the deployment with a message that says where it came from.
 */
export function requireDigest(value: string | undefined, what: string): string {
    const digest = value?.trim() ?? "";
    if (!isDigest(digest)) {
        throw new Error(`${what}: expected a digest sha256:<64 hex>, got ${JSON.stringify(value ?? null)}`);
    }
    return digest;
}

/** The digest part of a `repo@sha256:…` string as docker.Image reports it in `repoDigest`. */
export function requireRepoDigest(repoDigest: string | undefined, what: string): string {
    const digest = repoDigest?.slice(repoDigest.lastIndexOf("@") + 1);
    if (digest === undefined || !isDigest(digest)) {
        throw new Error(`${what}: expected repo@sha256:<64 hex>, got ${JSON.stringify(repoDigest ?? null)}`);
    }
    return digest;
}
