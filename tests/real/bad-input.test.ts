// Bad input fails before anything is built or pushed: the same validation the program runs first
// (config, then Dockerfiles on disk and pins in the real registry), with the registry checked unchanged.

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import test from "ava";
import { loadStack } from "../../components/preflight/loadStack.ts";
import { ConfigError } from "../../config/settings.ts";
import { baseOsImage, buildAndPush, catalog, registry, run, uniqueNamespace } from "../support/infra.ts";
import { configWith, DIGEST_A, PROJECT_DIR, writeStackFile } from "../support/projectConfig.ts";

const namespace = uniqueNamespace("bad-input");
let existingPin = "";
let brokenDockerfiles = "";

test.before(async () => {
    existingPin = `${registry()}/${namespace}/base@${await buildAndPush(`FROM ${baseOsImage()}\n`, "linux/amd64", `${registry()}/${namespace}/base:pin`)}`;
    // Fixture Dockerfiles with underworld2's Dockerfile missing and petsc's ARG PETSC_VERSION removed.
    brokenDockerfiles = fs.mkdtempSync(path.join(os.tmpdir(), "uw-broken-"));
    fs.cpSync(path.join(PROJECT_DIR, "tests", "fixtures", "dockerfiles"), brokenDockerfiles, { recursive: true });
    fs.rmSync(path.join(brokenDockerfiles, "underworld2", "Dockerfile"));
    const petsc = path.join(brokenDockerfiles, "petsc", "Dockerfile");
    fs.writeFileSync(petsc, fs.readFileSync(petsc, "utf8").replace(/^ARG PETSC_VERSION\n/gm, ""));
});
test.after.always(() => fs.rmSync(brokenDockerfiles, { recursive: true, force: true }));

const fixture = () => ({ registry: registry(), namespace, baseOsImage: baseOsImage(), dockerfilesDir: "tests/fixtures/dockerfiles" });
const missingDigest = () => `${registry()}/${namespace}/base@${DIGEST_A}`;

// [name, overrides, key named, fragment of the message]
const cases: Array<[string, () => Record<string, string | undefined>, string, string]> = [
    ["unknown platform", () => ({ platforms: '["linux/amd64","linux/ppc64le"]' }), "platforms", "linux/ppc64le"],
    ["duplicate platforms", () => ({ platforms: '["linux/arm64","linux/arm64"]' }), "platforms", "each platform at most once"],
    ["no platform", () => ({ platforms: "[]" }), "platforms", "at least one platform"],
    ["malformed pin", () => ({ pins: JSON.stringify({ base: `${registry()}/${namespace}/base@sha256:abc` }) }), "pins.base", "pinned by digest"],
    ["pin by tag", () => ({ pins: JSON.stringify({ petsc: `${registry()}/${namespace}/petsc:dev` }) }), "pins.petsc", "pinned by digest"],
    ["pin the registry does not have", () => ({ pins: JSON.stringify({ base: missingDigest() }) }), "pins.base", "does not exist in the registry"],
    ["pin for an unknown image", () => ({ pins: JSON.stringify({ underworld3: existingPin }) }), "pins.underworld3", "one of toolchain, lavavu, petsc, base"],
    ["release tag dev", () => ({ channel: "release", tag: "dev", pins: JSON.stringify({ lavavu: existingPin, petsc: existingPin, base: existingPin }) }), "tag", "a release version"],
    ["release tag latest", () => ({ channel: "release", tag: "latest", pins: JSON.stringify({ lavavu: existingPin, petsc: existingPin, base: existingPin }) }), "tag", "a release version"],
    ["release with empty version", () => ({ channel: "release", tag: "", pins: JSON.stringify({ lavavu: existingPin, petsc: existingPin, base: existingPin }) }), "tag", "a release version"],
    ["release with an unpinned parent", () => ({ channel: "release", tag: "3.0.0" }), "pins.lavavu", "never builds from an unpinned parent"],
    ["bad registry host", () => ({ registry: "127.0.0.1:5000/" }), "registry", "a registry host"],
    ["empty registry", () => ({ registry: "" }), "registry", "a registry host"],
    ["malformed promote digest", () => ({ channel: "release", tag: "3.0.0", promoteDigest: "sha256:xyz" }), "promoteDigest", "sha256:<64 hex>"],
    ["promote digest the registry does not have", () => ({ channel: "release", tag: "3.0.0", promoteDigest: DIGEST_A }), "promoteDigest", "does not exist in the registry"],
    ["MPI flavour typo", () => ({ mpiFlavour: "opmi" }), "mpiFlavour", `"ompi", "mpich"`],
    ["tag suffix of the other MPI", () => ({ tag: "dev-mpich" }), "tag", "MPI suffix"],
    ["malformed version", () => ({ petscVersion: "3.22.2-rc" }), "petscVersion", "a version such as"],
    ["base OS image latest", () => ({ baseOsImage: "debian:latest" }), "baseOsImage", "other than latest"],
    ["missing Dockerfile", () => ({ dockerfilesDir: brokenDockerfiles }), "underworld2", "does not exist"],
    ["build arg with no matching ARG", () => ({ dockerfilesDir: brokenDockerfiles }), "petsc", "declares no ARG PETSC_VERSION"],
    ["key typo", () => ({ mpiFlavor: "ompi" }), "mpiFlavor", "unknown key"],
    ["plaintext password", () => ({ registryUsername: "me", registryPassword: "hunter2" }), "registryPassword", "stored in plaintext"],
    ["builder for an unconfigured platform", () => ({ builders: JSON.stringify({ "linux/riscv64": "ssh://b" }) }), "builders", "one of the configured platforms"],
];

cases.forEach(([name, overrides, key, fragment], i) => {
    test(`[${i}] ${name}: refused before anything is built or pushed, naming ${key}`, async (t) => {
        const before = await catalog(namespace);
        const raw = configWith({ ...fixture(), ...overrides() });
        const error = await t.throwsAsync(loadStack({ raw, presentKeys: Object.keys(raw), secretKeys: [] }), { instanceOf: ConfigError });
        const problem = error!.problems.find((p) => p.includes(key) && p.includes(fragment));
        t.truthy(problem, `expected a problem naming ${key} with "${fragment}", got:\n${error!.message}`);
        t.false(error!.message.includes("hunter2"), "a password is never printed");
        t.deepEqual(await catalog(namespace), before, "the registry is unchanged (this test's namespace)");
    });
});

test("the fixture configuration itself passes the same checks", async (t) => {
    const raw = configWith(fixture());
    const { plan } = await loadStack({ raw, presentKeys: Object.keys(raw), secretKeys: [] });
    t.is(plan.underworld2.action, "build");
});

test("build-without-pulumi refuses an image whose parent is neither in the run nor pinned, before building", async (t) => {
    const before = await catalog(namespace);
    const result = await run(process.execPath, ["--import", "tsx", "scripts/build-without-pulumi.ts", "--stack-file", writeStackFile(fixture()), "--image", "base"]);
    t.not(result.code, 0);
    t.regex(result.stderr, /--image base is built from petsc, lavavu, toolchain: add --image petsc --image lavavu --image toolchain, or pin it/);
    t.deepEqual(await catalog(namespace), before, "the registry is unchanged (this test's namespace)");
});
