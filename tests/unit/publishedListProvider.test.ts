// What counts as drift for a published list: a tag that no longer points at the list the stack recorded.

import test from "ava";
import { movedTags } from "../../components/publishedListProvider.ts";
import { DIGEST_A, DIGEST_B } from "../support/projectConfig.ts";

test("tags at the recorded list are in place; one moved elsewhere or deleted is drift, with where it is now", (t) => {
    t.deepEqual(movedTags(DIGEST_A, { "r/u:1.0": DIGEST_A, "r/u:latest": DIGEST_A }), []);
    t.deepEqual(movedTags(DIGEST_A, { "r/u:1.0": DIGEST_A, "r/u:latest": DIGEST_B, "r/u:old": null }),
        [`r/u:latest (now ${DIGEST_B})`, "r/u:old (now absent)"]);
});
