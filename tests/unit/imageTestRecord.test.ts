// The image tests' record of what passed is read strictly: a list is made only of images it names.

import test from "ava";
import { testedDigests } from "../../image-tests/imageTestRecord.ts";
import { DIGEST_A, DIGEST_B } from "../support/projectConfig.ts";

const refs = { "linux/amd64": `r/uw/lavavu@${DIGEST_A}`, "linux/arm64": `r/uw/lavavu@${DIGEST_B}` };

test("every image given, reported as passed: platform -> digest", (t) => {
    const stdout = `progress\ntested linux/amd64=r/uw/lavavu@${DIGEST_A}\ntested linux/arm64=r/uw/lavavu@${DIGEST_B}\n`;
    t.deepEqual(testedDigests(stdout, refs, "lavavu"), { "linux/amd64": DIGEST_A, "linux/arm64": DIGEST_B });
});

// [what the program printed, why it is not a record of every image passing]
const refused: Array<[string, string]> = [
    ["", "nothing reported (a stack whose tests ran before the record existed, or a run that printed nothing)"],
    [`tested linux/amd64=r/uw/lavavu@${DIGEST_A}`, "one platform missing"],
    [`tested linux/amd64=r/uw/lavavu@${DIGEST_A}\ntested linux/arm64=r/uw/lavavu@${DIGEST_A}`, "another image reported for arm64"],
];
refused.forEach(([stdout, why], i) => {
    test(`[${i}] refused: ${why}`, (t) => {
        t.throws(() => testedDigests(stdout, refs, "lavavu image tests"), { message: /^lavavu image tests: the image tests reported .* as passed, not every image given/ });
    });
});
