// The program under mocks building underworld2 from a checkout (a development commit): the commit's source
// is staged into the build context and recorded as the image's revision.

import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import test from "ava";
import { configWith, PROJECT_DIR } from "../support/projectConfig.ts";
import { loadProgram, RecordingMocks, valueOf } from "../support/mocks.ts";

const mocks = new RecordingMocks();
const work = fs.mkdtempSync(path.join(os.tmpdir(), "uw-checkout-"));
const checkout = path.join(work, "underworld2");
const dockerfiles = path.join(work, "dockerfiles");
let commit = "";

test.before(async () => {
    fs.mkdirSync(checkout);
    const git = (...args: string[]) => execFileSync("git", ["-C", checkout, "-c", "user.name=t", "-c", "user.email=t@t", ...args]).toString().trim();
    git("init", "-q");
    fs.writeFileSync(path.join(checkout, "setup.py"), "# a development commit\n");
    git("add", ".");
    git("commit", "-qm", "dev");
    commit = git("rev-parse", "HEAD");
    fs.cpSync(path.join(PROJECT_DIR, "tests", "fixtures", "dockerfiles"), dockerfiles, { recursive: true });
    const program = await loadProgram(configWith({ underworldSource: checkout, dockerfilesDir: dockerfiles }), mocks, new Map());
    await valueOf(program.digests);
});
test.after.always(() => fs.rmSync(work, { recursive: true, force: true }));

test("the checkout's HEAD is staged into underworld2's context, and recorded as its revision", (t) => {
    const staged = path.join(dockerfiles, "underworld2", "source", "underworld.tar.gz");
    t.true(fs.existsSync(staged));
    t.regex(execFileSync("tar", ["-tzf", staged]).toString(), /^underworld2\/setup\.py$/m);
    for (const image of mocks.ofType("docker:index/image:Image").filter((r) => r.name.startsWith("underworld2-"))) {
        t.like(image.inputs.build.args, { UNDERWORLD_SOURCE: "checkout", UNDERWORLD_REVISION: commit });
    }
});
