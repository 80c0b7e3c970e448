import test from "ava";
import { buildPlan, imagesToBuild, type BuildPlan } from "../../plan/plan.ts";
import { readSettings } from "../../config/settings.ts";
import { configWith, DIGEST_A, DIGEST_B, DIGEST_C, projectDefaults } from "../support/projectConfig.ts";

const pins = {
    lavavu: `docker.io/underworldcode/lavavu@${DIGEST_A}`,
    petsc: `docker.io/underworldcode/petsc@${DIGEST_B}`,
    base: `docker.io/underworldcode/base@${DIGEST_C}`,
    toolchain: `docker.io/underworldcode/toolchain@${DIGEST_A}`,
};
const planFor = (overrides: Record<string, string> = {}): BuildPlan => buildPlan(readSettings(configWith(overrides)));
const actions = (plan: BuildPlan) => Object.fromEntries(Object.values(plan).map((e) => [e.name, e.action]));

test("first dev run, nothing pinned: the whole chain is built, parents first", (t) => {
    const plan = planFor();
    t.deepEqual(actions(plan), { toolchain: "build", lavavu: "build", petsc: "build", base: "build", underworld2: "build" });
    t.deepEqual(imagesToBuild(plan).map((e) => e.name), ["toolchain", "lavavu", "petsc", "base", "underworld2"]);
});

test("dev with the chain pinned builds only underworld2, from the pinned base", (t) => {
    const plan = planFor({ pins: JSON.stringify(pins) });
    t.deepEqual(actions(plan), { toolchain: "pin", lavavu: "pin", petsc: "pin", base: "pin", underworld2: "build" });
    t.is(plan.base.pin, pins.base);
});

test("dev with only base and the toolchain pinned leaves lavavu and petsc unused", (t) => {
    const plan = planFor({ pins: JSON.stringify({ base: pins.base, toolchain: pins.toolchain }) });
    t.deepEqual(actions(plan), { toolchain: "pin", lavavu: "unused", petsc: "unused", base: "pin", underworld2: "build" });
});

test("dev with base pinned but not the toolchain builds the toolchain, which underworld2 is built with", (t) => {
    const plan = planFor({ pins: JSON.stringify({ base: pins.base }) });
    t.deepEqual(actions(plan), { toolchain: "build", lavavu: "unused", petsc: "unused", base: "pin", underworld2: "build" });
});

test("dev with petsc pinned but no base builds lavavu and base, and uses the petsc pin", (t) => {
    const plan = planFor({ pins: JSON.stringify({ petsc: pins.petsc }) });
    t.deepEqual(actions(plan), { toolchain: "build", lavavu: "build", petsc: "pin", base: "build", underworld2: "build" });
});

test("rebuildBase regenerates the chain even when it is pinned", (t) => {
    const plan = planFor({ pins: JSON.stringify(pins), rebuildBase: "true" });
    t.deepEqual(actions(plan), { toolchain: "build", lavavu: "build", petsc: "build", base: "build", underworld2: "build" });
    t.regex(plan.base.reason, /rebuildBase/);
});

test("release builds underworld2 at the version tags from pinned parents only", (t) => {
    const plan = planFor({ channel: "release", tag: "2.17.3", extraTags: JSON.stringify(["latest"]), pins: JSON.stringify(pins) });
    t.deepEqual(actions(plan), { toolchain: "pin", lavavu: "pin", petsc: "pin", base: "pin", underworld2: "build" });
    t.deepEqual(plan.underworld2.listTags, ["docker.io/underworldcode/underworld2:2.17.3", "docker.io/underworldcode/underworld2:latest"]);
});

test("release with a promote digest publishes instead of building, and inherits the chain the list stands on", (t) => {
    const plan = planFor({ channel: "release", tag: "2.17.3", promoteDigest: DIGEST_A });
    t.deepEqual(actions(plan), { toolchain: "inherit", lavavu: "inherit", petsc: "inherit", base: "inherit", underworld2: "promote" });
    t.deepEqual(imagesToBuild(plan), []);
});

test("release promoting from a stack inherits the chain even where pins are set (they are checked against it)", (t) => {
    const plan = planFor({ channel: "release", tag: "2.17.3", promoteFromStack: "dev", pins: JSON.stringify(pins) });
    t.deepEqual(actions(plan), { toolchain: "inherit", lavavu: "inherit", petsc: "inherit", base: "inherit", underworld2: "promote" });
});

test("one image per platform, each with its own tag, context and Dockerfile", (t) => {
    const plan = planFor({ registry: "127.0.0.1:5000", namespace: "uw" });
    t.deepEqual(plan.petsc.platforms, [
        { platform: "linux/amd64", imageName: "127.0.0.1:5000/uw/petsc:dev-amd64" },
        { platform: "linux/arm64", imageName: "127.0.0.1:5000/uw/petsc:dev-arm64" },
    ]);
    t.is(plan.petsc.context, "dockerfiles/petsc");
    t.is(plan.petsc.dockerfile, "dockerfiles/petsc/Dockerfile");
    t.deepEqual(plan.petsc.listTags, ["127.0.0.1:5000/uw/petsc:dev"]);
});

test("a single configured platform gives a single image", (t) => {
    const plan = planFor({ platforms: JSON.stringify(["linux/arm64"]) });
    t.deepEqual(plan.base.platforms.map((p) => p.platform), ["linux/arm64"]);
});

test("versions reach the Dockerfiles as build args from the config, nowhere else", (t) => {
    const plan = planFor({ petscVersion: "3.21.5", mpiFlavour: "mpich", mpiVersion: "4.0.2", lavavuVersion: "1.9.9", pythonVersion: "3.12" });
    t.like(plan.petsc.args, { PETSC_VERSION: "3.21.5", MPI_FLAVOUR: "mpich", MPI_VERSION: "4.0.2", PYTHON_VERSION: "3.12" });
    t.like(plan.lavavu.args, { LAVAVU_VERSION: "1.9.9", PYTHON_VERSION: "3.12" });
    const underworld = projectDefaults().underworldVersion;
    t.like(plan.underworld2.args, { UNDERWORLD_VERSION: underworld, UNDERWORLD_SOURCE: "release", UNDERWORLD_REVISION: `v${underworld}` });
});

test("parents are passed as build args named by the hierarchy", (t) => {
    const plan = planFor();
    t.deepEqual(plan.base.parentArgs, { PETSC_IMAGE: "petsc", LAVAVU_IMAGE: "lavavu", TOOLCHAIN_IMAGE: "toolchain" });
    t.deepEqual(plan.underworld2.parentArgs, { BASE_IMAGE: "base", TOOLCHAIN_IMAGE: "toolchain" });
    t.deepEqual(plan.lavavu.parentArgs, { TOOLCHAIN_IMAGE: "toolchain" });
    t.deepEqual(plan.toolchain.parentArgs, {});
});

test("a checkout source is staged into underworld2's context", (t) => {
    const plan = planFor({ underworldSource: "/src/underworld2" });
    t.deepEqual(plan.underworld2.sourceCheckout, { from: "/src/underworld2", to: "dockerfiles/underworld2/source/underworld.tar.gz" });
    t.is(plan.underworld2.args.UNDERWORLD_SOURCE, "checkout");
});

// [platforms, builders, the engine each platform's image is routed to (undefined: the default engine)]
const routing: Array<[string[], Record<string, string>, Record<string, string | undefined>]> = [
    [["linux/amd64", "linux/arm64"], {}, { "linux/amd64": undefined, "linux/arm64": undefined }],
    [["linux/amd64", "linux/arm64"], { "linux/arm64": "ssh://builder@mac-mini" }, { "linux/amd64": undefined, "linux/arm64": "ssh://builder@mac-mini" }],
    [["linux/amd64", "linux/arm64"], { "linux/amd64": "tcp://x86:2376", "linux/arm64": "ssh://a@arm" }, { "linux/amd64": "tcp://x86:2376", "linux/arm64": "ssh://a@arm" }],
    [["linux/arm64"], { "linux/arm64": "unix:///run/arm.sock" }, { "linux/arm64": "unix:///run/arm.sock" }],
];
for (const [n, [platforms, builders, expected]] of routing.entries()) {
    test(`[${n}] builders ${JSON.stringify(builders)} route each platform of every image to its engine`, (t) => {
        const plan = planFor({ platforms: JSON.stringify(platforms), builders: JSON.stringify(builders) });
        for (const entry of Object.values(plan)) {
            t.is(entry.platforms.length, platforms.length);
            t.deepEqual(Object.fromEntries(entry.platforms.map((p) => [p.platform, p.builder])), expected, entry.name);
        }
    });
}
