// Reading a checkout's own version and commit, and the preflight's verdict on a checkout source.

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import test from "ava";
import { readSettings } from "../../config/settings.ts";
import { checkoutCommit, checkoutProblems, checkoutVersion } from "../../components/preflight/underworldCheckout.ts";
import { configWith, DIGEST_A, DIGEST_B, DIGEST_C, literally, projectDefaults } from "../support/projectConfig.ts";
import { UnderworldCheckout } from "../support/underworldCheckout.ts";

const work = fs.mkdtempSync(path.join(os.tmpdir(), "uw-source-"));
test.after.always(() => fs.rmSync(work, { recursive: true, force: true }));
let n = 0;
const checkoutOf = (version: string, file?: string) => new UnderworldCheckout(path.join(work, `c${n++}`), version, file);
const pins = JSON.stringify({
    toolchain: `docker.io/underworldcode/toolchain@${DIGEST_A}`, lavavu: `docker.io/underworldcode/lavavu@${DIGEST_A}`, petsc: `docker.io/underworldcode/petsc@${DIGEST_B}`, base: `docker.io/underworldcode/base@${DIGEST_C}`,
});

// [version file, what it declares]
const layouts: Array<[string, string]> = [
    ["src/underworld/_version.py", "2.16.0"],
    ["src/underworld/_version.py", "2.18.0.dev0"],
    ["src/underworld/_version.py", "2.16.1b"],
    ["underworld/_version.py", "2.13.0b"],
];
layouts.forEach(([file, version], i) => {
    test(`[${i}] a checkout declaring ${version} in ${file} is version ${version}`, (t) => {
        const checkout = checkoutOf(version, file);
        t.is(checkoutVersion(checkout.path, checkoutCommit(checkout.path)), version);
    });
});

test("the version is the commit's: an uncommitted edit changes nothing", (t) => {
    const checkout = checkoutOf("2.18.0.dev0");
    fs.writeFileSync(path.join(checkout.path, "src/underworld/_version.py"), `__version__ = "9.9.9"\n`);
    t.is(checkoutVersion(checkout.path, checkout.head()), "2.18.0.dev0");
});

test("a checkout with no version file, or a malformed version, is refused naming underworldSource", (t) => {
    const none = checkoutOf("2.18.0");
    none.git("rm", "-q", "src/underworld/_version.py");
    none.git("commit", "-qm", "no version");
    t.throws(() => checkoutVersion(none.path, none.head()), { message: /underworld-images:underworldSource: .* has neither src\/underworld\/_version\.py nor underworld\/_version\.py/ });
    const odd = checkoutOf("2.18; rm -rf /");
    t.throws(() => checkoutVersion(odd.path, odd.head()), { message: /holds no __version__ such as/ });
});

test("preflight: a path that is no checkout is refused", (t) => {
    const problems = checkoutProblems(readSettings(configWith({ underworldSource: path.join(work, "nothing") })));
    t.is(problems.length, 1);
    t.regex(problems[0]!, /underworldSource: .*nothing is not a git checkout of underworld2/);
});

test("preflight: a dev stack builds a checkout of any version", (t) => {
    const checkout = checkoutOf("2.18.0.dev0");
    t.deepEqual(checkoutProblems(readSettings(configWith({ underworldSource: checkout.path }))), []);
});

test("preflight: the release stack builds a checkout only of the version it publishes", (t) => {
    const checkout = checkoutOf("2.18.0.dev0");
    const release = { channel: "release", tag: "2.17.3", pins, underworldSource: checkout.path };
    const problems = checkoutProblems(readSettings(configWith(release)));
    t.is(problems.length, 1);
    const published = projectDefaults().underworldVersion;
    t.regex(problems[0]!, new RegExp(`underworldSource: .* is underworld 2\\.18\\.0\\.dev0, but the release stack publishes underworldVersion ${literally(published)}`));
    checkout.commit(published);
    t.deepEqual(checkoutProblems(readSettings(configWith(release))), []);
});
