// Moving a list's tags one by one: tags already at the list are left alone, and a failure part-way says
// which tags point at the list and which still point where they did.

import test from "ava";
import { moveTags, type TagClient } from "../../manifest-list/tags.ts";
import { DIGEST_A, DIGEST_B } from "../support/projectConfig.ts";

/** A registry in memory whose `refused` tags cannot be moved. */
function fakeRegistry(positions: Record<string, string>, refused: readonly string[] = []): TagClient & { positions: Record<string, string>; moves: string[] } {
    return {
        host: "reg.example",
        positions,
        moves: [],
        async resolve(_repository, tag) { return positions[tag]; },
        async tag(_repository, digest, tag) {
            if (refused.includes(tag)) throw new Error(`reg.example denied the request to move reg.example/ns/img:${tag}`);
            this.moves.push(tag);
            positions[tag] = digest;
        },
    };
}

test("every tag ends at the list; a tag already there is not written again", async (t) => {
    const registry = fakeRegistry({ "1.0": DIGEST_A, latest: DIGEST_B });
    const log: string[] = [];
    await moveTags(registry, "ns/img", ["1.0", "latest", "extra"], DIGEST_A, (line) => log.push(line));
    t.deepEqual(registry.positions, { "1.0": DIGEST_A, latest: DIGEST_A, extra: DIGEST_A });
    t.deepEqual(registry.moves, ["latest", "extra"]);
    t.true(log.includes(`reg.example/ns/img:1.0 already points at ${DIGEST_A}`));
    t.true(log.includes(`tagged reg.example/ns/img:latest -> ${DIGEST_A} (was ${DIGEST_B})`));
});

test("a failure part-way names the tags that moved and those that did not, with where they still point", async (t) => {
    const registry = fakeRegistry({ latest: DIGEST_B }, ["latest"]);
    const error = await t.throwsAsync(moveTags(registry, "ns/img", ["1.0", "latest", "extra"], DIGEST_A, () => undefined));
    t.regex(error!.message, new RegExp(`^publishing reg\\.example/ns/img@${DIGEST_A} stopped at the tag latest: reg\\.example denied`));
    t.regex(error!.message, /now pointing at it: reg\.example\/ns\/img:1\.0\n/);
    t.regex(error!.message, new RegExp(`not moved, still where they were: reg\\.example/ns/img:latest \\(${DIGEST_B}\\), reg\\.example/ns/img:extra \\(absent\\)`));
    t.regex(error!.message, /Rerun to finish/);
    t.deepEqual(registry.positions, { "1.0": DIGEST_A, latest: DIGEST_B });
});

test("a failure at the first tag says no tag points at the list yet", async (t) => {
    const error = await t.throwsAsync(moveTags(fakeRegistry({}, ["1.0"]), "ns/img", ["1.0"], DIGEST_A, () => undefined));
    t.regex(error!.message, /no tag points at it yet/);
});
