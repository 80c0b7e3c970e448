// A list's tags: where they point, and moving them one by one to a verified list. When a move fails
// part-way, the error says which tags point at the list now and which still point where they did.

import type { Log } from "./publish.ts";

/** What moving tags needs from a registry client (the Oras class; a fake in unit tests). */
export interface TagClient {
    readonly host: string;
    resolve(repository: string, tag: string): Promise<string | undefined>;
    tag(repository: string, digest: string, tag: string): Promise<void>;
}

/** Tag -> the digest it points at now; undefined for a tag the repository does not have. */
export async function tagPositions(client: TagClient, repository: string, tags: readonly string[]): Promise<Map<string, string | undefined>> {
    const digests = await Promise.all(tags.map((tag) => client.resolve(repository, tag)));
    return new Map(tags.map((tag, i) => [tag, digests[i]]));
}

/** The error of a move that stopped at `failed`: tags `done` point at `digest`; the others are as `before`. */
export function partialMoveError(
    name: string, digest: string, tags: readonly string[], done: readonly string[], failed: string,
    before: ReadonlyMap<string, string | undefined>, cause: Error,
): Error {
    const notMoved = tags.filter((tag) => !done.includes(tag));
    const moved = done.length === 0 ? "no tag points at it yet" : `now pointing at it: ${done.map((t) => `${name}:${t}`).join(", ")}`;
    const left = notMoved.map((t) => `${name}:${t} (${before.get(t) ?? "absent"})`).join(", ");
    return new Error(`publishing ${name}@${digest} stopped at the tag ${failed}: ${cause.message}\n`
        + `  ${moved}\n  not moved, still where they were: ${left}\n`
        + "  Rerun to finish: the list is verified and in the registry, and tags already at it are left alone.");
}

/**
 * Points every tag at `digest`, in order. A tag already there is left alone, so a rerun after a failure
 * moves only the rest (and a tag moved by hand is put back).
 */
export async function moveTags(client: TagClient, repository: string, tags: readonly string[], digest: string, log: Log): Promise<void> {
    const name = `${client.host}/${repository}`;
    const before = await tagPositions(client, repository, tags);
    const done: string[] = [];
    for (const tag of tags) {
        if (before.get(tag) === digest) {
            log(`${name}:${tag} already points at ${digest}`);
        } else {
            try {
                await client.tag(repository, digest, tag);
            } catch (error) {
                throw partialMoveError(name, digest, tags, done, tag, before, error as Error);
            }
            log(`tagged ${name}:${tag} -> ${digest}${before.get(tag) === undefined ? "" : ` (was ${before.get(tag)})`}`);
        }
        done.push(tag);
    }
}
