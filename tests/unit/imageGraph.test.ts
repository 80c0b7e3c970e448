// The image graph, declared once (config/images.ts): what derives from its entries, that a graph which cannot
// be built is refused when it is declared, and that an image every other image stands on (a toolchain) is
// added by one entry: the plan, the pins and the build args follow.

import test from "ava";
import { ImageGraph, type ImageEntry } from "../../config/imageGraph.ts";
import { IMAGE_GRAPH } from "../../config/images.ts";
import { ConfigError, readSettings } from "../../config/settings.ts";
import { buildPlan, imagesToBuild } from "../../plan/plan.ts";
import { configWith, DIGEST_A, DIGEST_B, DIGEST_C } from "../support/projectConfig.ts";

test("the project's images, parents first, and their places in a release", (t) => {
    t.deepEqual(IMAGE_GRAPH.names, ["toolchain", "lavavu", "petsc", "base", "underworld2"]);
    t.deepEqual(IMAGE_GRAPH.pinnable, ["toolchain", "lavavu", "petsc", "base"]);
    t.deepEqual(IMAGE_GRAPH.baseChain, ["toolchain", "lavavu", "petsc", "base"]);
    t.is(IMAGE_GRAPH.promoted, "underworld2");
    t.deepEqual(IMAGE_GRAPH.ancestors("underworld2"), ["toolchain", "lavavu", "petsc", "base"]);
    t.deepEqual(IMAGE_GRAPH.children("petsc"), ["base"]);
    t.deepEqual(IMAGE_GRAPH.forUsers, ["lavavu", "petsc", "base", "underworld2"], "users run every image but the toolchain");
});

test("an image's tests include every image above it in the chain", (t) => {
    t.deepEqual(IMAGE_GRAPH.testSuites("lavavu"), ["lavavu"]);
    t.deepEqual(IMAGE_GRAPH.testSuites("base"), ["lavavu", "petsc", "base"]);
    t.deepEqual(IMAGE_GRAPH.testSuites("underworld2"), ["lavavu", "petsc", "base", "underworld2"]);
});

const entry = (name: string, fields: Partial<ImageEntry> = {}): ImageEntry => ({
    name, parents: {}, pinnable: false, releaseRole: "built every run", alsoRunsTestsOf: [], buildArgs: () => ({}), ...fields,
});
const promoted = entry("top", { releaseRole: "promoted" });

// [what is wrong, the entries, what the refusal says]
const refusals: Array<[string, ImageEntry[], RegExp]> = [
    ["a parent that is not declared", [entry("a", { parents: { X_IMAGE: "x" } }), promoted], /a's parents names x, which is not declared/],
    ["an image declared twice", [entry("a"), entry("a"), promoted], /declared twice/],
    ["images built from each other", [entry("a", { parents: { B: "b" } }), entry("b", { parents: { A: "a" } }), promoted], /a, b are built from each other/],
    ["no promoted image", [entry("a")], /exactly one image is promoted by a release; found 0/],
    ["two promoted images", [promoted, entry("b", { releaseRole: "promoted" })], /found 2/],
    ["a promoted image that may be pinned", [entry("top", { releaseRole: "promoted", pinnable: true })], /top is promoted, so it cannot be pinnable/],
    ["a base chain image that may not be pinned", [entry("a", { releaseRole: "base chain" }), promoted], /a: the base chain is pinned on a release/],
    ["test suites of an undeclared image", [entry("a", { alsoRunsTestsOf: ["x"] }), promoted], /a's alsoRunsTestsOf names x/],
];
for (const [n, [what, entries, message]] of refusals.entries()) {
    test(`[${n}] a graph with ${what} is refused when declared`, (t) => {
        t.throws(() => new ImageGraph(entries), { message });
    });
}

// The toolchain (config/images.ts): one entry, under every other image.
const pins = {
    lavavu: `docker.io/underworldcode/lavavu@${DIGEST_A}`, petsc: `docker.io/underworldcode/petsc@${DIGEST_B}`,
    base: `docker.io/underworldcode/base@${DIGEST_C}`, toolchain: `docker.io/underworldcode/toolchain@${DIGEST_A}`,
};
const toolchainPlan = (overrides: Record<string, string> = {}) => buildPlan(readSettings(configWith(overrides)));
const actions = (overrides: Record<string, string> = {}) => Object.fromEntries(Object.values(toolchainPlan(overrides)).map((e) => [e.name, e.action]));

test("the toolchain's one entry puts it under every other image: built first, passed to each image as its build arg", (t) => {
    const plan = toolchainPlan();
    t.deepEqual(imagesToBuild(plan).map((e) => e.name), ["toolchain", "lavavu", "petsc", "base", "underworld2"]);
    for (const name of ["lavavu", "petsc", "base", "underworld2"] as const) t.is(plan[name].parentArgs.TOOLCHAIN_IMAGE, "toolchain", name);
    t.deepEqual(plan.base!.parentArgs, { PETSC_IMAGE: "petsc", LAVAVU_IMAGE: "lavavu", TOOLCHAIN_IMAGE: "toolchain" });
    t.deepEqual(IMAGE_GRAPH.baseChain, ["toolchain", "lavavu", "petsc", "base"]);
});

test("the toolchain, a base chain image, is pinned when pinned, rebuilt by rebuildBase, and inherited by a promotion", (t) => {
    t.deepEqual(actions({ pins: JSON.stringify(pins) }), { toolchain: "pin", lavavu: "pin", petsc: "pin", base: "pin", underworld2: "build" });
    t.is(toolchainPlan({ pins: JSON.stringify(pins) }).toolchain!.pin, pins.toolchain);
    t.deepEqual(actions({ pins: JSON.stringify(pins), rebuildBase: "true" }), { toolchain: "build", lavavu: "build", petsc: "build", base: "build", underworld2: "build" });
    t.deepEqual(actions({ channel: "release", tag: "2.17.3", promoteDigest: DIGEST_A }),
        { toolchain: "inherit", lavavu: "inherit", petsc: "inherit", base: "inherit", underworld2: "promote" });
});

test("the release stack requires the toolchain pinned too", (t) => {
    const { toolchain: _, ...chainOnly } = pins;
    const error = t.throws(() => readSettings(configWith({ channel: "release", tag: "2.17.3", pins: JSON.stringify(chainOnly) })));
    t.true(error instanceof ConfigError);
    t.deepEqual((error as ConfigError).problems.map((p) => p.split(":")[1]), ["pins.toolchain"]);
    t.regex((error as ConfigError).problems[0]!, /never builds from an unpinned parent/);
});
