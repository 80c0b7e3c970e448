// The whole program under mocks on a release stack promoting the dev stack's list (promoteFromStack, read
// through a StackReference): nothing is built, the tested list is published under the release tags, and
// the outputs record it with the whole chain it stands on, read from the images' labels.

import test from "ava";
import { FakeRegistry } from "../support/fakeRegistry.ts";
import { devStackOutputs, listPlatforms, putChain, type FakeChain } from "../support/fakeChain.ts";
import { loadProgram, PUBLISHED_LIST, RecordingMocks, valueOf } from "../support/mocks.ts";
import { configWith } from "../support/projectConfig.ts";

const PLATFORMS = ["linux/amd64", "linux/arm64"];
const registry = new FakeRegistry();
const mocks = new RecordingMocks();
let chain: FakeChain;
let tested: Record<string, string>;
let program: Record<string, any>;

test.before(async () => {
    await registry.start();
    chain = putChain(registry, "uw", PLATFORMS);
    tested = await listPlatforms(chain.underworld2);
    mocks.stacks.dev = devStackOutputs(chain, tested);
    program = await loadProgram(configWith({
        channel: "release", tag: "2.17.3", extraTags: JSON.stringify(["latest"]), registry: registry.host, namespace: "uw",
        promoteFromStack: "dev", dockerfilesDir: "tests/fixtures/dockerfiles",
    }), mocks, new Map());
    await valueOf(program.digests);
});
test.after.always(() => registry.stop());

test("the dev stack is read through a StackReference, and nothing is built", (t) => {
    t.deepEqual(mocks.ofType("pulumi:pulumi:StackReference").map((r) => r.inputs.name), ["dev"]);
    t.deepEqual(mocks.ofType("docker:index/image:Image"), []);
    t.deepEqual(mocks.ofType("command:local:Command"), [], "no image tests: the list was tested in the dev stack");
    t.deepEqual(mocks.ofType(PUBLISHED_LIST).map((r) => r.name), ["underworld2-promote"]);
});

test("the dev stack's tested list is published under every release tag, byte for byte", (t) => {
    const args = mocks.ofType(PUBLISHED_LIST)[0]!.inputs.programArgs as string[];
    t.deepEqual(args, ["promote", "--target", `${registry.host}/uw/underworld2:2.17.3`, "--target", `${registry.host}/uw/underworld2:latest`,
        "--from", chain.underworld2, "--platform", "linux/amd64", "--platform", "linux/arm64"]);
});

test("the outputs record the promoted list with the whole chain it stands on", async (t) => {
    const digests = await valueOf(program.digests) as Record<string, string>;
    t.deepEqual(Object.keys(digests), ["toolchain", "lavavu", "petsc", "base", "underworld2"]);
    t.like(digests, { toolchain: chain.toolchain, lavavu: chain.lavavu, petsc: chain.petsc, base: chain.base });
    t.is(program.images.underworld2.action, "promote");
    t.deepEqual(await valueOf(program.images.underworld2.parents), { BASE_IMAGE: chain.base, TOOLCHAIN_IMAGE: chain.toolchain });
    t.deepEqual(await valueOf(program.images.underworld2.platformDigests), tested);
    t.deepEqual(await valueOf(program.images.underworld2.testedDigests), tested, "the dev stack's record of its tests, carried over");
    t.is(program.images.base.action, "inherit");
    t.deepEqual(await valueOf(program.images.base.parents), { PETSC_IMAGE: chain.petsc, LAVAVU_IMAGE: chain.lavavu, TOOLCHAIN_IMAGE: chain.toolchain });
    t.deepEqual(await valueOf(program.images.petsc.platformDigests), await listPlatforms(chain.petsc));
    t.is(await valueOf(program.images.lavavu.digest), chain.lavavu.split("@")[1]);
});

test("the versions are those of what was promoted (the dev stack's), not the release stack's config", (t) => {
    t.like(program.versions, { underworld: "2.18.0.dev0", underworldCommit: "0123abc", petsc: "3.22.2", lavavu: "1.9.10" });
});
