// Which images a pull request builds and tests (plan/changedImages.ts), for the project's graph
// (config/images.ts): a changed build context, lock file, shared build file or image test rebuilds that image
// and every descendant; a changed pin rebuilds its descendants FROM it; anything else builds nothing.

import test from "ava";
import { IMAGE_GRAPH, type ImageName } from "../../config/images.ts";
import { ImageGraph, type ImageEntry } from "../../config/imageGraph.ts";
import { changedImages, differing, imagesToBuildFor, needsEngineTier, pullRequestStack, type ChangeSet } from "../../plan/changedImages.ts";

const ALL = ["toolchain", "lavavu", "petsc", "base", "underworld2"];
const USERS = ["lavavu", "petsc", "base", "underworld2"];

// [what changed, the change, the images built and tested]
const cases: Array<[string, ChangeSet<ImageName>, string[]]> = [
    ["the toolchain's Dockerfile: everything", { paths: ["dockerfiles/toolchain/Dockerfile"] }, ALL],
    ["a script of the toolchain's context", { paths: ["dockerfiles/toolchain/bin/cc-wrapper"] }, ALL],
    ["underworld2's Dockerfile: underworld2 alone", { paths: ["dockerfiles/underworld2/Dockerfile"] }, ["underworld2"]],
    ["underworld2's staged source folder", { paths: ["dockerfiles/underworld2/source/README"] }, ["underworld2"]],
    ["petsc's lock file: petsc, base, underworld2", { paths: ["dockerfiles/petsc/tarballs.txt"] }, ["petsc", "base", "underworld2"]],
    ["lavavu's arm64 wheels lock", { paths: ["dockerfiles/lavavu/wheels-arm64.txt"] }, ["lavavu", "base", "underworld2"]],
    ["base's image test", { paths: ["dockerfiles/base/test-image.sh"] }, ["base", "underworld2"]],
    ["image-tests/lib.sh: every image users run", { paths: ["image-tests/lib.sh"] }, USERS],
    ["the image-test runner", { paths: ["image-tests/run.ts"] }, USERS],
    ["a shared build file: everything", { paths: ["plan/buildxCommand.ts"] }, ALL],
    ["the image graph's declaration: everything", { paths: ["config/images.ts"] }, ALL],
    ["the README: nothing", { paths: ["README.md"] }, []],
    ["the build contexts' README: nothing", { paths: ["dockerfiles/README.md"] }, []],
    ["the program's code and its tests: nothing", { paths: ["components/multiArchImage.ts", "tests/unit/plan.test.ts", "docs/design.md"] }, []],
    ["a fixture's Dockerfile: nothing of the real images", { paths: ["tests/fixtures/dockerfiles/petsc/Dockerfile"] }, []],
    ["no file at all", { paths: [] }, []],
    ["two contexts at once: their union, parents first", { paths: ["dockerfiles/underworld2/Dockerfile", "dockerfiles/lavavu/Dockerfile"] }, ["lavavu", "base", "underworld2"]],
    ["petsc's build args (a new PETSc version in Pulumi.yaml)", { paths: ["Pulumi.yaml"], argsChanged: ["petsc"] }, ["petsc", "base", "underworld2"]],
    ["a new pin for base (rebuild-base's pull request): its children FROM it", { paths: ["Pulumi.dev.yaml"], pinsChanged: ["base"] }, ["underworld2"]],
    ["new pins for the whole chain", { paths: ["Pulumi.dev.yaml"], pinsChanged: ["toolchain", "lavavu", "petsc", "base"] }, ["underworld2"]],
    ["rebuild-base's pull request: new pins and, with its new epoch, new build args for the chain", {
        paths: ["Pulumi.dev.yaml"], pinsChanged: ["toolchain", "lavavu", "petsc", "base"], argsChanged: ["toolchain", "lavavu", "petsc", "base"],
    }, ["underworld2"]],
    ["a bump of a pinned image's version (upstream-releases): rebuilt from its context, its pin left aside", {
        paths: ["Pulumi.yaml", "hermetic/inputs.toml", "dockerfiles/lavavu/sources.txt"], argsChanged: ["lavavu"],
    }, ["lavavu", "base", "underworld2"]],
    ["underworld2's version bump: underworld2 alone", { paths: ["Pulumi.yaml", "dockerfiles/underworld2/sources.txt"], argsChanged: ["underworld2"] }, ["underworld2"]],
    ["a build-contexts folder of another name", { paths: ["images/base/Dockerfile"], dockerfilesDir: "images" }, ["base", "underworld2"]],
];

for (const [what, change, expected] of cases) {
    test(`changed: ${what}`, (t) => {
        const selection = changedImages(change, IMAGE_GRAPH);
        t.deepEqual(selection.images, expected);
        t.deepEqual(Object.keys(selection.why).sort(), [...expected].sort(), "every image selected says why");
    });
}

test("each image selected says why: its own change, or the parent it is rebuilt from", (t) => {
    const { why } = changedImages<ImageName>({ paths: ["dockerfiles/petsc/Dockerfile"] }, IMAGE_GRAPH);
    t.is(why.petsc, "dockerfiles/petsc/Dockerfile is in its build context");
    t.is(why.base, "its parent petsc is rebuilt");
    t.is(why.underworld2, "its parent base is rebuilt");
});

// [selected, pinned in the stack file, what the job builds]
const builds: Array<[string[], string[], string[]]> = [
    [["underworld2"], ["toolchain", "lavavu", "petsc", "base"], ["underworld2"]],
    [["underworld2"], [], ALL],
    [["underworld2"], ["base"], ["toolchain", "underworld2"]],
    [["base", "underworld2"], ["toolchain", "lavavu", "petsc"], ["base", "underworld2"]],
    [["petsc", "base", "underworld2"], ["toolchain", "lavavu", "petsc", "base"], ["petsc", "base", "underworld2"]],
    [[], [], []],
];
for (const [selected, pinned, expected] of builds) {
    test(`builds ${selected.join(", ") || "nothing"} with pins for ${pinned.join(", ") || "nothing"}: ${expected.join(", ") || "nothing"}`, (t) => {
        t.deepEqual(imagesToBuildFor(selected as ImageName[], pinned, IMAGE_GRAPH), expected);
    });
}

test("an image added by its graph entry is selected by its own build context, and rebuilt with its parent", (t) => {
    const entry = (name: string, fields: Partial<ImageEntry> = {}): ImageEntry => ({
        name, parents: {}, pinnable: true, releaseRole: "base chain", alsoRunsTestsOf: [], buildArgs: () => ({}), ...fields,
    });
    const graph = new ImageGraph([entry("a"), entry("top", { parents: { A: "a" }, pinnable: false, releaseRole: "promoted" }), entry("extra", { parents: { TOP: "top" }, pinnable: false, releaseRole: "built every run" })]);
    t.deepEqual(changedImages({ paths: ["dockerfiles/extra/Dockerfile"] }, graph).images, ["extra"]);
    t.deepEqual(changedImages({ paths: ["dockerfiles/a/Dockerfile"] }, graph).images, ["a", "top", "extra"]);
});

test("build args and pins compared between two commits: a side that cannot be read counts every image", (t) => {
    t.deepEqual(differing(["a", "b"], { a: "1", b: "2" }, { a: "1", b: "3" }), ["b"]);
    t.deepEqual(differing(["a", "b"], { a: "1" }, { a: "1", b: "x" }), ["b"], "a new pin");
    t.deepEqual(differing(["a", "b"], undefined, { a: "1", b: "2" }), ["a", "b"]);
});

test("the fixture stack's real-engine tier runs for any change but documentation and the figures", (t) => {
    t.false(needsEngineTier(["README.md", "docs/design.md", "bench/history.md", "bench/ci-estimates.md"]));
    t.true(needsEngineTier(["README.md", "components/multiArchImage.ts"]));
    t.true(needsEngineTier([".github/workflows/pull-request.yml"]));
    t.false(needsEngineTier([]));
});

test("the job's stack file: its own registry and platform, pinned FROM the committed pins of what it does not build", (t) => {
    const pin = (n: string) => `docker.io/underworldcode/${n}@sha256:${"a".repeat(64)}`;
    const committed = {
        "underworld-images:channel": "dev", "underworld-images:tag": "dev", "underworld-images:baseChainEpoch": "2026-11-01",
        "underworld-images:pins": { toolchain: pin("toolchain"), lavavu: pin("lavavu"), petsc: pin("petsc"), base: pin("base") },
    };
    t.deepEqual(pullRequestStack(committed, { registry: "127.0.0.1:5000", platform: "linux/arm64", build: ["petsc", "base", "underworld2"] }), {
        "underworld-images:channel": "dev", "underworld-images:tag": "dev", "underworld-images:baseChainEpoch": "2026-11-01",
        "underworld-images:registry": "127.0.0.1:5000", "underworld-images:platforms": ["linux/arm64"],
        "underworld-images:pins": { toolchain: pin("toolchain"), lavavu: pin("lavavu") },
    });
    const unpinned = pullRequestStack({ "underworld-images:tag": "dev" }, { registry: "127.0.0.1:5000", platform: "linux/amd64", build: ["underworld2"] });
    t.false("underworld-images:pins" in unpinned, "no pins: none written");
});
