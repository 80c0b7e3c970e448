// The program under mocks, run three times on one stack (fixture images, underworld2 from a checkout), to show
// that each image's tests command takes exactly what its suites read: editing a suite's test-image.sh changes
// the inputs of the tests of every image that suite runs on, and of no build; a new underworld2 commit changes
// the inputs of underworld2's tests alone (and its build).

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import test from "ava";
import { IMAGE_GRAPH, IMAGE_NAMES } from "../../config/images.ts";
import { configWith, PROJECT_DIR } from "../support/projectConfig.ts";
import { loadProgram, RecordingMocks, valueOf, type Recorded } from "../support/mocks.ts";
import { UnderworldCheckout } from "../support/underworldCheckout.ts";

const work = fs.mkdtempSync(path.join(os.tmpdir(), "uw-test-inputs-"));
const dockerfiles = path.join(work, "dockerfiles");
let checkout: UnderworldCheckout;

/** Each resource's inputs, by name, as one run of the program declared them. */
type Run = ReadonlyMap<string, Recorded["inputs"]>;
let first: Run;
let suiteEdited: Run;
let newCommit: Run;

async function run(): Promise<Run> {
    const mocks = new RecordingMocks();
    // The project's graph, passed so that the program runs again in this process (index.ts runs once).
    const program = await loadProgram(configWith({ underworldSource: checkout.path, dockerfilesDir: dockerfiles }), mocks, new Map(), IMAGE_GRAPH);
    await valueOf(program.digests);
    return new Map(mocks.resources.map((r) => [r.name, r.inputs]));
}

test.before(async () => {
    checkout = new UnderworldCheckout(path.join(work, "underworld2"), "2.18.0.dev0");
    fs.cpSync(path.join(PROJECT_DIR, "tests", "fixtures", "dockerfiles"), dockerfiles, { recursive: true });
    first = await run();
    fs.appendFileSync(path.join(dockerfiles, "base", "test-image.sh"), "# one more line of base's suite\n");
    suiteEdited = await run();
    fs.writeFileSync(path.join(checkout.path, "NEWS"), "a new commit, same version\n");
    checkout.git("add", "NEWS");
    checkout.git("commit", "-qm", "a new commit");
    newCommit = await run();
});
test.after.always(() => fs.rmSync(work, { recursive: true, force: true }));

/** The resources whose inputs differ between two runs (each run declares the same resources). */
function changed(before: Run, after: Run): string[] {
    if (JSON.stringify([...before.keys()].sort()) !== JSON.stringify([...after.keys()].sort())) throw new Error("the runs declared different resources");
    return [...before.keys()].filter((name) => JSON.stringify(before.get(name)) !== JSON.stringify(after.get(name))).sort();
}

const testsOf = (images: readonly string[]) => images.map((name) => `${name}-image-tests`);
const imagesRunningSuite = (suite: string) => IMAGE_NAMES.filter((name) => (IMAGE_GRAPH.testSuites(name) as string[]).includes(suite));

test("editing a suite's test-image.sh reruns the tests of every image that suite runs on, and changes nothing else: no build, no list", (t) => {
    t.deepEqual(imagesRunningSuite("base"), ["base", "underworld2"]);
    t.deepEqual(changed(first, suiteEdited), testsOf(imagesRunningSuite("base")).sort());
    for (const name of testsOf(imagesRunningSuite("base"))) {
        t.is(suiteEdited.get(name)!.create, first.get(name)!.create, `${name}: the same command on the same images`);
        t.notDeepEqual(suiteEdited.get(name)!.triggers, first.get(name)!.triggers, `${name}: its triggers hold the suite's content`);
    }
});

test("a new underworld2 commit reruns underworld2's tests alone, with the commit expected", (t) => {
    const underworld2 = IMAGE_NAMES.filter((name) => name === IMAGE_GRAPH.promoted || IMAGE_GRAPH.ancestors(name).includes(IMAGE_GRAPH.promoted));
    t.deepEqual(changed(suiteEdited, newCommit).filter((name) => name.endsWith("-image-tests")), testsOf(underworld2));
    t.deepEqual(changed(suiteEdited, newCommit).filter((name) => !underworld2.some((image) => name.startsWith(`${image}-`))), [],
        "no resource of another image changes");
    t.true(String(newCommit.get("underworld2-image-tests")!.create).includes(`--expect 'underworld_commit=${checkout.head()}'`));
});

test("each image's tests are given only the expectations its suites read", (t) => {
    for (const name of IMAGE_NAMES) {
        const create = String(first.get(`${name}-image-tests`)!.create);
        const suites = IMAGE_GRAPH.testSuites(name).map((suite) => path.join(dockerfiles, suite, "test-image.sh")).filter((f) => fs.existsSync(f));
        const read = new Set(suites.flatMap((file) => [...fs.readFileSync(file, "utf8").matchAll(/EXPECT_([A-Z_]+)/g)].map((m) => m[1]!.toLowerCase())));
        const given = [...create.matchAll(/--expect '([^=]+)=/g)].map((m) => m[1]!);
        t.deepEqual(given.filter((key) => !read.has(key)), [], `${name}: no expectation its suites do not read`);
        t.deepEqual([...read].filter((key) => key !== "arch" && !given.includes(key)), [], `${name}: every expectation its suites read`);
    }
});

test("each image's tests command takes the content of the files its suites read and its users' locked wheels", (t) => {
    for (const name of IMAGE_NAMES) {
        const [files, wheels] = first.get(`${name}-image-tests`)!.triggers as [Record<string, string>, Record<string, string[]>];
        const suites = IMAGE_GRAPH.testSuites(name).filter((suite) => fs.existsSync(path.join(dockerfiles, suite, "test-image.sh")));
        t.deepEqual(Object.keys(files).sort(), [...suites.map((suite) => `${suite}/test-image.sh`), "image-tests/binaries.py", "image-tests/lib.sh"].sort());
        t.deepEqual(Object.keys(wheels).sort(), ["linux/amd64", "linux/arm64"]);
    }
});
