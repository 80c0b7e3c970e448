// The program under mocks building underworld2 from a checkout (a development commit) whose version is not
// underworldVersion: the commit's source is staged into the build context; the build, its image tests and
// the outputs all take the checkout's own version, and its commit.

import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import test from "ava";
import { configWith, literally, PROJECT_DIR, projectDefaults } from "../support/projectConfig.ts";
import { loadProgram, RecordingMocks, valueOf } from "../support/mocks.ts";
import { UnderworldCheckout } from "../support/underworldCheckout.ts";

const mocks = new RecordingMocks();
const work = fs.mkdtempSync(path.join(os.tmpdir(), "uw-checkout-"));
const dockerfiles = path.join(work, "dockerfiles");
let checkout: UnderworldCheckout;
let program: Record<string, any>;

test.before(async () => {
    checkout = new UnderworldCheckout(path.join(work, "underworld2"), "2.18.0.dev0");
    fs.cpSync(path.join(PROJECT_DIR, "tests", "fixtures", "dockerfiles"), dockerfiles, { recursive: true });
    program = await loadProgram(configWith({ underworldSource: checkout.path, dockerfilesDir: dockerfiles }), mocks, new Map());
    await valueOf(program.digests);
});
test.after.always(() => fs.rmSync(work, { recursive: true, force: true }));

const underworld2Images = () => mocks.ofType("docker:index/image:Image").filter((r) => r.name.startsWith("underworld2-"));

test("the checkout's HEAD is staged into underworld2's context", (t) => {
    const staged = path.join(dockerfiles, "underworld2", "source", "underworld.tar.gz");
    t.regex(execFileSync("tar", ["-tzf", staged]).toString(), /^underworld2\/src\/underworld\/_version\.py$/m);
});

test("the build gets the checkout's own version and its commit, not underworldVersion", (t) => {
    t.is(underworld2Images().length, 2);
    for (const image of underworld2Images()) {
        t.like(image.inputs.build.args, { UNDERWORLD_SOURCE: "checkout", UNDERWORLD_VERSION: "2.18.0.dev0", UNDERWORLD_REVISION: checkout.head() });
    }
});

test("the image tests expect the checkout's version and commit", (t) => {
    const create = String(mocks.ofType("command:local:Command").find((r) => r.name === "underworld2-image-tests")!.inputs.create);
    t.regex(create, /--expect 'underworld=2\.18\.0\.dev0'/);
    t.true(create.includes(`--expect 'underworld_commit=${checkout.head()}'`), create);
    t.notRegex(create, new RegExp(`underworld=${literally(projectDefaults().underworldVersion)}'`), "not underworldVersion");
});

test("the outputs record the version and commit that were built", (t) => {
    t.like(program.versions, { underworld: "2.18.0.dev0", underworldCommit: checkout.head(), petsc: projectDefaults().petscVersion });
});
