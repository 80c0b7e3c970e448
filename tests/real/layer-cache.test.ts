// BuildKit's layer cache between runs, kept in the registry (plan/layerCache.ts), on a machine that starts
// empty as GitHub's hosted runners do: a second Docker engine with a new data root stands in for the next
// run's runner. It builds the plan the default engine built and pushed, and must take the layers from the
// registry instead of running the steps again.

import test from "ava";
import { baseOsImage, registry, run, uniqueNamespace } from "../support/infra.ts";
import { writeStackFile } from "../support/projectConfig.ts";
import { SecondEngine } from "../support/secondEngine.ts";

const runner = new SecondEngine("cache", { bridgeAddress: "10.213.3.1/24" });
// A new data root: no image and no build cache from an earlier test run.
test.before(async () => {
    await runner.stop();
    await runner.start();
});
test.after.always(() => runner.stop());

function buildLavavu(stackFile: string, env: NodeJS.ProcessEnv) {
    return run(process.execPath, ["--import", "tsx", "scripts/build-without-pulumi.ts", "--stack-file", stackFile, "--image", "lavavu"], { env });
}

/** The RUN steps of buildx's plain progress output, each with whether BuildKit reported it CACHED. */
function runSteps(progress: string): { step: string; cached: boolean }[] {
    return [...progress.matchAll(/^(#\d+) \[[^\]]+\] RUN (.{0,60})/gm)].map(([, id, step]) => ({
        step: step!,
        cached: new RegExp(`^${id} CACHED$`, "m").test(progress),
    }));
}

/** `<name> <repo>@sha256:…` lines that build-without-pulumi prints last. */
const listOf = (stdout: string, name: string) => new RegExp(`^${name}\\s+(\\S+@sha256:[0-9a-f]{64})$`, "m").exec(stdout)?.[1];

test("a run on an empty engine takes every step of an unchanged image from the registry, and publishes the same list", async (t) => {
    const stackFile = writeStackFile({
        registry: registry(), namespace: uniqueNamespace("layer-cache"), baseOsImage: baseOsImage(),
        dockerfilesDir: "tests/fixtures/dockerfiles", platforms: '["linux/amd64","linux/arm64"]', buildNetwork: "host", testImages: "false",
    });
    const first = await buildLavavu(stackFile, process.env);
    t.is(first.code, 0, first.stderr);

    const empty = await runner.docker(["buildx", "du"]);
    t.is(empty.code, 0, empty.stderr);
    t.regex(empty.stdout, /Total:\s+0B/, "the runner starts with no build cache");

    const next = await buildLavavu(stackFile, { ...process.env, DOCKER_HOST: runner.host });
    t.is(next.code, 0, next.stderr);
    const steps = runSteps(next.stderr);
    t.true(steps.length >= 4, `the RUN steps of both platforms were reported:\n${next.stderr.slice(-3000)}`);
    t.deepEqual(steps.filter((s) => !s.cached).map((s) => s.step), [], "every RUN step came from the registry's cache");
    t.regex(next.stderr, /importing cache manifest from \S+lavavu:dev-amd64/);
    t.regex(next.stderr, /importing cache manifest from \S+lavavu:dev-arm64/);
    t.is(listOf(next.stdout, "lavavu"), listOf(first.stdout, "lavavu"), "the same images, so the same list");
});
