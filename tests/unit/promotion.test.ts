// Promotion is checked before any resource exists: each refusal names the stack and what is missing, and a
// list promoted by digest has its chain and versions read from the images' own labels.

import test from "ava";
import { loadStack } from "../../components/preflight/loadStack.ts";
import { ConfigError } from "../../config/settings.ts";
import { FakeRegistry } from "../support/fakeRegistry.ts";
import { LABELS } from "../../plan/promotion.ts";
import { devStackOutputs, listPlatforms, putChain, type FakeChain } from "../support/fakeChain.ts";
import { configWith, DIGEST_A } from "../support/projectConfig.ts";

const BOTH = ["linux/amd64", "linux/arm64"];
const registry = new FakeRegistry();
let chain: FakeChain;
let amd64Only: FakeChain;
let tested: Record<string, string>;
let amd64Tested: Record<string, string>;

test.before(async () => {
    await registry.start();
    chain = putChain(registry, "uw", BOTH);
    amd64Only = putChain(registry, "uw", ["linux/amd64"], { version: "2.18.0.dev0", revision: "feed" });
    tested = await listPlatforms(chain.underworld2);
    amd64Tested = await listPlatforms(amd64Only.underworld2);
});
test.after.always(() => registry.stop());

const release = (overrides: Record<string, string> = {}) => configWith({
    channel: "release", tag: "2.17.3", registry: registry.host, namespace: "uw", dockerfilesDir: "tests/fixtures/dockerfiles", ...overrides,
});
const stacks = (outputs: Record<string, Record<string, unknown>>) => async (stack: string) => {
    if (!(stack in outputs)) throw new Error(`unknown stack "organization/underworld-images/${stack}"`);
    return outputs[stack]!;
};
async function problems(raw: Record<string, string>, readStack?: (stack: string) => Promise<Record<string, unknown>>): Promise<readonly string[]> {
    try {
        await loadStack({ raw, presentKeys: Object.keys(raw), secretKeys: [], readStack });
    } catch (error) {
        if (error instanceof ConfigError) return error.problems;
        throw error;
    }
    return [];
}

// [name, config, stacks the backend holds, fragments of the one problem expected]
const refusals: Array<[string, () => Record<string, string>, () => Record<string, Record<string, unknown>>, () => string[]]> = [
    ["the dev stack does not exist", () => release({ promoteFromStack: "nodev" }), () => ({ dev: devStackOutputs(chain, tested) }),
        () => ['promoteFromStack: stack "nodev" cannot be read', 'unknown stack', "Run pulumi up -s nodev first"]],
    ["the dev stack holds no underworld2 output", () => release({ promoteFromStack: "dev" }), () => ({ dev: { digests: {}, versions: {} } }),
        () => ['promoteFromStack: stack "dev" holds no underworld2 list', "images.underworld2.digest", "run pulumi up -s dev first"]],
    ["the dev list lacks a configured platform", () => release({ promoteFromStack: "dev" }), () => ({ dev: devStackOutputs(amd64Only, amd64Tested) }),
        () => ['promoteFromStack: stack "dev": underworld2\'s list', "holds [linux/amd64]; this stack publishes [linux/amd64, linux/arm64]: it lacks linux/arm64"]],
    ["the dev list's image tests did not pass (tests off)", () => release({ promoteFromStack: "dev", platforms: '["linux/amd64"]' }),
        () => ({ dev: devStackOutputs(amd64Only, {}) }),
        () => ['promoteFromStack: stack "dev": underworld2\'s linux/amd64 image', "has no record of passing its image tests", "only a tested list is promoted"]],
    ["the dev stack's record is of another image", () => release({ promoteFromStack: "dev" }),
        () => ({ dev: devStackOutputs(chain, { ...tested, "linux/arm64": DIGEST_A }) }),
        () => ["underworld2's linux/arm64 image", `testedDigests holds "${DIGEST_A}"`]],
    ["the dev stack publishes to another repository", () => release({ promoteFromStack: "dev", namespace: "other" }), () => ({ dev: devStackOutputs(chain, tested) }),
        () => ['stack "dev" publishes underworld2 to', "/uw/underworld2, this stack to", "/other/underworld2"]],
    ["the release stack's pins are not what the list stands on", () => release({ promoteFromStack: "dev", pins: JSON.stringify({ base: amd64Only.base }) }),
        () => ({ dev: devStackOutputs(chain, tested) }),
        () => ["underworld-images:pins.base:", `stands on ${chain.base}`]],
    ["a promote digest the registry does not hold", () => release({ promoteDigest: DIGEST_A }), () => ({}),
        () => [`promoteDigest: ${DIGEST_A}`, "does not exist in the registry"]],
];
refusals.forEach(([name, config, held, fragments], i) => {
    test(`[${i}] refused before any resource: ${name}`, async (t) => {
        const found = await problems(config(), stacks(held()));
        t.is(found.length, 1, found.join("\n"));
        for (const fragment of fragments()) t.true(found[0]!.includes(fragment), `"${fragment}" in: ${found[0]}`);
    });
});

test("a list without the base label cannot say what it stands on, and is refused", async (t) => {
    const bare = registry.putImageList("uw/underworld2", BOTH, {});
    const found = await problems(release({ promoteDigest: bare.split("@")[1]! }));
    t.is(found.length, 1);
    t.regex(found[0]!, /underworld2's list .* has no org\.opencontainers\.image\.base\.name label, so it cannot say which base it stands on/);
});

test("promoteDigest: the chain and versions come from the images' own labels", async (t) => {
    const raw = release({ promoteDigest: chain.underworld2.split("@")[1]! });
    const { promotion } = await loadStack({ raw, presentKeys: Object.keys(raw), secretKeys: [] });
    t.deepEqual(Object.fromEntries(Object.entries(promotion!.chain).map(([image, inherited]) => [image, inherited.ref])),
        { toolchain: chain.toolchain, lavavu: chain.lavavu, petsc: chain.petsc, base: chain.base });
    t.deepEqual(promotion!.chain.base!.parents, { PETSC_IMAGE: chain.petsc, LAVAVU_IMAGE: chain.lavavu, TOOLCHAIN_IMAGE: chain.toolchain });
    t.deepEqual(promotion!.parents, { BASE_IMAGE: chain.base, TOOLCHAIN_IMAGE: chain.toolchain });
    t.deepEqual(promotion!.versions, { mpi: { flavour: "ompi" }, petsc: "3.22.2", lavavu: "1.9.10", underworld: "2.18.0.dev0", underworldRevision: "0123abc" });
    t.deepEqual(promotion!.testedDigests, {}, "no stack, so no record of tests to carry over");
});

test("promoteDigest: a list labelled the old way (before the parents label and the toolchain) is still read, and has no toolchain", async (t) => {
    const old = putChain(registry, "uw-old", BOTH, { version: "2.17.3", revision: "v2.17.3" }, "old way");
    const raw = release({ promoteDigest: old.underworld2.split("@")[1]!, namespace: "uw-old" });
    const { promotion } = await loadStack({ raw, presentKeys: Object.keys(raw), secretKeys: [] });
    t.deepEqual(Object.fromEntries(Object.entries(promotion!.chain).map(([image, inherited]) => [image, inherited.ref])), { lavavu: old.lavavu, petsc: old.petsc, base: old.base });
    t.deepEqual(promotion!.chain.base!.parents, { PETSC_IMAGE: old.petsc, LAVAVU_IMAGE: old.lavavu });
    t.deepEqual(promotion!.parents, { BASE_IMAGE: old.base });
});

test("a parents label that leaves out one of the image's parents is refused, naming it", async (t) => {
    const toolchain = registry.putImageList("uw-partial/toolchain", BOTH, {});
    const base = registry.putImageList("uw-partial/base", BOTH, { [LABELS.parents]: `TOOLCHAIN_IMAGE=${toolchain}` });
    const underworld2 = registry.putImageList("uw-partial/underworld2", BOTH, { [LABELS.parents]: `BASE_IMAGE=${base} TOOLCHAIN_IMAGE=${toolchain}` });
    const found = await problems(release({ promoteDigest: underworld2.split("@")[1]!, namespace: "uw-partial" }));
    t.is(found.length, 1);
    t.regex(found[0]!, /its base .* has a org\.underworldcode\.images\.parents label without PETSC_IMAGE=<ref> LAVAVU_IMAGE=<ref>/);
});

test("promoteFromStack outside pulumi up (no StackReference) is refused, not guessed", async (t) => {
    const found = await problems(release({ promoteFromStack: "dev" }));
    t.deepEqual(found, ['underworld-images:promoteFromStack: stack "dev" is read through a StackReference: only pulumi up promotes']);
});
