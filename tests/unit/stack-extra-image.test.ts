// The whole program under Pulumi mocks on a graph with a fifth image, `extra` (FROM underworld2), added by
// its entry and its build context only (tests/support/extraImage.ts): on a first dev run it is planned,
// built (one docker.Image per platform, from underworld2's list by digest), tested with its parents' suites,
// listed, and recorded in the outputs, like the four images.

import test from "ava";
import { dockerfilesWithExtra, GRAPH_WITH_EXTRA } from "../support/extraImage.ts";
import { fakeDigest, loadProgram, PUBLISHED_LIST, RecordingMocks, valueOf } from "../support/mocks.ts";
import { configWith, literally, projectDefaults } from "../support/projectConfig.ts";

const mocks = new RecordingMocks();
const dependsOn = new Map<string, string[]>();
const dockerfiles = dockerfilesWithExtra();
let program: Record<string, any>;

test.before(async () => {
    program = await loadProgram(configWith({ registry: "127.0.0.1:5000", namespace: "uw", dockerfilesDir: dockerfiles }), mocks, dependsOn, GRAPH_WITH_EXTRA);
    await valueOf(program.digests);
});

const named = (type: string, name: string) => mocks.ofType(type).find((r) => r.name === name);
const command = (name: string) => String(named("command:local:Command", name)!.inputs.create);

test("extra is planned: built on every run, after the four", (t) => {
    t.is(program.images.extra.action, "build");
    t.is(program.images.extra.reason, "built on every run");
    t.deepEqual(mocks.ofType("underworld:images:MultiArchImage").map((r) => r.name), ["toolchain", "lavavu", "petsc", "base", "underworld2", "extra"]);
});

test("extra is built: one docker.Image per platform, from its own context, FROM underworld2's list by digest", async (t) => {
    const underworld2 = `127.0.0.1:5000/uw/underworld2@${await valueOf(program.images.underworld2.digest)}`;
    for (const arch of ["amd64", "arm64"]) {
        const inputs = named("docker:index/image:Image", `extra-${arch}`)!.inputs;
        t.is(inputs.imageName, `127.0.0.1:5000/uw/extra:dev-${arch}`);
        t.is(inputs.build.platform, `linux/${arch}`);
        t.is(inputs.build.context, `${dockerfiles}/extra`);
        t.deepEqual(inputs.build.args, { PYTHON_VERSION: projectDefaults().pythonVersion, UNDERWORLD2_IMAGE: underworld2 });
    }
    t.deepEqual(dependsOn.get("extra"), ["underworld2"]);
});

test("extra is tested: its own suite and every suite above it, on exactly its per-platform digests", (t) => {
    const create = command("extra-image-tests");
    t.deepEqual([...create.matchAll(/--suite '([^']+)'/g)].map((m) => m[1]), ["lavavu", "petsc", "base", "underworld2", "extra"]);
    t.deepEqual([...create.matchAll(/--ref '([^']+)'/g)].map((m) => m[1]), [
        `linux/amd64=127.0.0.1:5000/uw/extra@${fakeDigest("extra-amd64")}`,
        `linux/arm64=127.0.0.1:5000/uw/extra@${fakeDigest("extra-arm64")}`,
    ]);
    t.regex(create, new RegExp(`--expect 'python=${literally(projectDefaults().pythonVersion)}'`));
});

test("extra is listed: its manifest-list command joins its tested digests under its tag, whose tags are kept", async (t) => {
    const create = command("extra-manifest-list");
    t.deepEqual([...create.matchAll(/--target '([^']+)'/g)].map((m) => m[1]), ["127.0.0.1:5000/uw/extra:dev"]);
    t.true(dependsOn.get("extra-manifest-list")!.includes("extra-image-tests"), "its list waits for its tests");
    t.truthy(named(PUBLISHED_LIST, "extra-tags"));
    const digests = await valueOf(program.digests) as Record<string, string>;
    t.deepEqual(Object.keys(digests), ["toolchain", "lavavu", "petsc", "base", "underworld2", "extra"]);
    t.is(digests.extra, `127.0.0.1:5000/uw/extra@${await valueOf(program.images.extra.digest)}`);
});
