// The whole program under Pulumi mocks, on a first dev run (nothing pinned): every image is built.

import test from "ava";
import { IMAGE_NAMES } from "../../config/images.ts";
import { configWith, projectDefaults } from "../support/projectConfig.ts";
import { fakeDigest, loadProgram, PUBLISHED_LIST, RecordingMocks, valueOf } from "../support/mocks.ts";

const mocks = new RecordingMocks();
const dependsOn = new Map<string, string[]>();
let program: Record<string, any>;

test.before(async () => {
    program = await loadProgram(configWith({ registry: "127.0.0.1:5000", namespace: "uw", dockerfilesDir: "tests/fixtures/dockerfiles" }), mocks, dependsOn);
    await valueOf(program.digests);
});

const images = () => mocks.ofType("docker:index/image:Image");
const commands = () => mocks.ofType("command:local:Command");
const listCommands = () => commands().filter((r) => r.name.endsWith("-manifest-list"));
const listCommand = (name: string) => String(listCommands().find((r) => r.name === `${name}-manifest-list`)!.inputs.create);
const tagKeepers = () => mocks.ofType(PUBLISHED_LIST);
const imageNamed = (name: string) => images().find((r) => r.name === name)!;

test("each image is one component with one docker.Image per platform and one manifest-list command, whose tags are kept", (t) => {
    t.deepEqual(mocks.ofType("underworld:images:MultiArchImage").map((r) => r.name), [...IMAGE_NAMES]);
    t.deepEqual(images().map((r) => r.name).sort(), IMAGE_NAMES.flatMap((name) => [`${name}-amd64`, `${name}-arm64`]).sort());
    t.deepEqual(listCommands().map((r) => r.name).sort(), IMAGE_NAMES.map((name) => `${name}-manifest-list`).sort());
    t.deepEqual(tagKeepers().map((r) => r.name).sort(), IMAGE_NAMES.map((name) => `${name}-tags`).sort());
});

/** The expectations the fixture suites read (grep EXPECT_ in tests/fixtures/dockerfiles/<suite>/test-image.sh), as Pulumi.yaml sets them. */
function expectationsRead(name: string): string[] {
    const d = projectDefaults();
    const petsc = [`petsc=${d.petscVersion}`, `mpi_flavour=${d.mpiFlavour}`, `mpi_version=${d.mpiVersion}`];
    const lavavu = [`lavavu=${d.lavavuVersion}`];
    return {
        toolchain: [], lavavu, petsc, base: [...petsc, ...lavavu], underworld2: [...petsc, ...lavavu, `underworld=${d.underworldVersion}`],
    }[name]!.sort();
}

test("each image's tests run on exactly its per-platform digests, with the stack's versions its suites read, before its list", (t) => {
    for (const name of IMAGE_NAMES) {
        const create = String(commands().find((r) => r.name === `${name}-image-tests`)!.inputs.create);
        t.deepEqual([...create.matchAll(/--ref '([^']+)'/g)].map((m) => m[1]), [
            `linux/amd64=127.0.0.1:5000/uw/${name}@${fakeDigest(`${name}-amd64`)}`,
            `linux/arm64=127.0.0.1:5000/uw/${name}@${fakeDigest(`${name}-arm64`)}`,
        ]);
        t.regex(create, new RegExp(`--dockerfiles 'tests/fixtures/dockerfiles' --image '${name}'`));
        t.deepEqual([...create.matchAll(/--expect '([^']+)'/g)].map((m) => m[1]).sort(), expectationsRead(name), `${name}'s tests get what its suites read`);
        t.true(dependsOn.get(`${name}-manifest-list`)!.includes(`${name}-image-tests`), `${name}'s list waits for its tests`);
        t.deepEqual(dependsOn.get(`${name}-image-tests`)!.sort(), [`${name}-amd64`, `${name}-arm64`]);
    }
});

test("every docker.Image builds its own platform under its own tag from the plan's context", (t) => {
    const arm = imageNamed("petsc-arm64").inputs;
    t.is(arm.imageName, "127.0.0.1:5000/uw/petsc:dev-arm64");
    t.is(arm.build.platform, "linux/arm64");
    t.is(arm.build.context, "tests/fixtures/dockerfiles/petsc");
    t.is(arm.build.dockerfile, "tests/fixtures/dockerfiles/petsc/Dockerfile");
    t.is(arm.build.args.PETSC_VERSION, projectDefaults().petscVersion);
    t.is(imageNamed("petsc-amd64").inputs.build.platform, "linux/amd64");
});

test("parents are passed as their list digests, never as tags", async (t) => {
    const baseList = await valueOf(program.images.base.digest);
    const petscList = await valueOf(program.images.petsc.digest);
    const lavavuList = await valueOf(program.images.lavavu.digest);
    for (const arch of ["amd64", "arm64"]) {
        t.is(imageNamed(`underworld2-${arch}`).inputs.build.args.BASE_IMAGE, `127.0.0.1:5000/uw/base@${baseList}`);
        t.is(imageNamed(`base-${arch}`).inputs.build.args.PETSC_IMAGE, `127.0.0.1:5000/uw/petsc@${petscList}`);
        t.is(imageNamed(`base-${arch}`).inputs.build.args.LAVAVU_IMAGE, `127.0.0.1:5000/uw/lavavu@${lavavuList}`);
    }
});

test("each manifest-list command joins exactly its image's tested per-platform digests and pushes the list by its digest only, unsigned too", (t) => {
    for (const name of IMAGE_NAMES) {
        const create = listCommand(name);
        t.deepEqual([...create.matchAll(/--source '([^']+)'/g)].map((m) => m[1]), [
            `linux/amd64=127.0.0.1:5000/uw/${name}@${fakeDigest(`${name}-amd64`)}`,
            `linux/arm64=127.0.0.1:5000/uw/${name}@${fakeDigest(`${name}-arm64`)}`,
        ]);
        t.deepEqual([...create.matchAll(/--target '([^']+)'/g)].map((m) => m[1]), [`127.0.0.1:5000/uw/${name}:dev`], "the list's repository, named by its tags");
        t.regex(create, / --untagged$/, `${name}'s list moves no tag: its tags resource alone does`);
        const inputs = listCommands().find((r) => r.name === `${name}-manifest-list`)!.inputs;
        t.false("delete" in inputs, "no delete step: nothing is ever removed from the registry");
        t.is(inputs.environment, undefined, "no stack login: Docker's own is used");
    }
});

test("each list's tags are moved onto the list the command pushed, and kept there, by its tags resource, for every platform", async (t) => {
    for (const name of IMAGE_NAMES) {
        const keeper = tagKeepers().find((r) => r.name === `${name}-tags`)!;
        t.deepEqual(keeper.inputs.programArgs, ["promote", "--target", `127.0.0.1:5000/uw/${name}:dev`,
            "--from", `127.0.0.1:5000/uw/${name}@${await valueOf(program.images[name].digest)}`, "--platform", "linux/amd64", "--platform", "linux/arm64"]);
        t.deepEqual(dependsOn.get(`${name}-tags`), [`${name}-manifest-list`]);
    }
});

test("components depend explicitly on their parents' components", (t) => {
    t.deepEqual(dependsOn.get("toolchain"), []);
    t.deepEqual(dependsOn.get("lavavu"), ["toolchain"]);
    t.deepEqual(dependsOn.get("petsc"), ["toolchain"]);
    t.deepEqual(dependsOn.get("base")?.sort(), ["lavavu", "petsc", "toolchain"]);
    t.deepEqual(dependsOn.get("underworld2")?.sort(), ["base", "toolchain"]);
});

test("outputs record every digest: per image, flat, and the versions", async (t) => {
    const digests = await valueOf(program.digests) as Record<string, string>;
    t.deepEqual(Object.keys(digests), [...IMAGE_NAMES]);
    t.is(digests.base, `127.0.0.1:5000/uw/base@${await valueOf(program.images.base.digest)}`);
    const platforms = await valueOf(program.images.underworld2.platformDigests);
    t.deepEqual(platforms, { "linux/amd64": fakeDigest("underworld2-amd64"), "linux/arm64": fakeDigest("underworld2-arm64") });
    t.deepEqual(await valueOf(program.images.underworld2.parents), { BASE_IMAGE: digests.base, TOOLCHAIN_IMAGE: digests.toolchain });
    t.is(program.images.underworld2.action, "build");
    const d = projectDefaults();
    t.deepEqual(program.versions, {
        python: d.pythonVersion, mpi: { flavour: d.mpiFlavour, version: d.mpiVersion }, petsc: d.petscVersion, lavavu: d.lavavuVersion,
        underworld: d.underworldVersion, baseOsImage: d.baseOsImage,
    }, "Pulumi.yaml's versions");
    t.regex(program.versions.baseOsImage, /^docker\.io\/library\/debian@sha256:[0-9a-f]{64}$/, "the default base OS image is pinned by digest");
});
