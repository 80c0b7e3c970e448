// A Docker engine per platform, without the Pulumi engine: a second engine on this machine, reached over
// ssh as a maintainer's Mac mini would be, builds and tests linux/arm64 for scripts/build-without-pulumi.ts
// (`builders: {"linux/arm64": "ssh://…"}`); the default engine keeps linux/amd64. And the builder checks:
// an unreachable builder, a refused key and a silent host stop the run before anything is pushed.

import * as net from "node:net";
import test from "ava";
import { builderProblem } from "../../components/preflight/builderCheck.ts";
import { assertRouted, watchContainerStarts } from "../support/engineEvidence.ts";
import { baseOsImage, catalog, registry, run, uniqueNamespace } from "../support/infra.ts";
import { PROJECT_DIR, writeStackFile } from "../support/projectConfig.ts";
import { RemoteBuilder } from "../support/remoteBuilder.ts";

const builder = new RemoteBuilder("real", 2201, "10.213.1.1/24");
test.before(() => builder.start());
test.after.always(() => builder.stop());

/** This machine's environment, with the ssh client configuration that reaches the builder. */
const withSsh = (): NodeJS.ProcessEnv => ({ ...process.env, ...builder.ssh.environment() });

/** build-without-pulumi on the fixture images, both platforms, linux/arm64 on the builder. */
function buildWithoutPulumi(namespace: string) {
    const stackFile = writeStackFile({
        registry: registry(), namespace, baseOsImage: baseOsImage(), dockerfilesDir: "tests/fixtures/dockerfiles",
        platforms: '["linux/amd64","linux/arm64"]', builders: JSON.stringify({ "linux/arm64": builder.url }),
        // The test's engine has no NAT of its own (the default engine's rules are left alone): its builds reach
        // Debian's archive over this machine's network, as a real builder reaches it over its own.
        buildNetwork: "host",
    });
    return run(process.execPath, ["--import", "tsx", "scripts/build-without-pulumi.ts", "--stack-file", stackFile], { env: withSsh() });
}

test.serial("the second engine answers over ssh, and sees none of this machine's project files", async (t) => {
    const env = { ...withSsh(), DOCKER_HOST: builder.url };
    const info = await run("docker", ["info", "--format", "{{.DockerRootDir}}"], { env });
    t.is(info.code, 0, info.stderr);
    t.is(info.stdout.trim(), builder.engine.dataRoot, "ssh leads to the second engine, not the default one");
    const view = await run("docker", ["run", "--rm", "-v", `${PROJECT_DIR}:/project`, baseOsImage(), "ls", "-A", "/project"], { env });
    t.is(view.code, 0, view.stderr);
    t.is(view.stdout, "", `the engine finds nothing at ${PROJECT_DIR}, as another machine would not`);
});

test.serial("build-without-pulumi builds, pushes and tests linux/arm64 on its builder; every list joins both engines' images", async (t) => {
    const namespace = uniqueNamespace("builders-without-pulumi");
    const started = { builder: watchContainerStarts(builder.engine.host), default: watchContainerStarts(undefined) };
    const result = await buildWithoutPulumi(namespace);
    const seen = { builder: await started.builder.stop(), default: await started.default.stop() };
    t.is(result.code, 0, result.stderr);
    t.regex(result.stderr, new RegExp(`lavavu linux/arm64: building \\S+ on ${builder.url}`));
    await assertRouted(t, { namespace, tag: "dev", routed: "linux/arm64", builderHost: builder.engine.host, started: seen });
});

// [fault, how it is made, how it is mended, what the message says]
const faults: Array<[string, () => Promise<void> | void, () => Promise<void> | void, RegExp]> = [
    ["the builder is unreachable", () => builder.ssh.stop(), () => builder.ssh.start(), /cannot be reached \(ssh: connect to host 127\.0\.0\.1 port 2201: Connection refused\)/],
    ["the builder refuses this machine's ssh key", () => builder.ssh.refuseKey(), () => builder.ssh.acceptKey(), /refused this machine's ssh key \(.*Permission denied \(publickey\)/],
];
for (const [fault, make, mend, says] of faults) {
    test.serial(`${fault}: build-without-pulumi stops before anything is built or pushed, naming the builder and its platform`, async (t) => {
        const namespace = uniqueNamespace("builders-fault");
        await make();
        t.teardown(mend);
        const result = await buildWithoutPulumi(namespace);
        t.not(result.code, 0);
        t.true(result.stderr.includes(`underworld-images:builders.linux/arm64: ${builder.url}, the Docker engine that builds and tests linux/arm64,`), result.stderr);
        t.regex(result.stderr, says);
        t.regex(result.stderr, /nothing was built or pushed/);
        t.deepEqual(await catalog(namespace), [], "nothing was pushed");
    });
}

test("a builder that accepts the connection but never speaks is given up on after the timeout", async (t) => {
    const silent = net.createServer(() => { /* accepts, says nothing */ });
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    t.teardown(() => { silent.close(); });
    const host = `ssh://nobody@127.0.0.1:${(silent.address() as net.AddressInfo).port}`;
    const started = Date.now();
    // 2 s, not the 15 s default: the server never answers, so any time-out is reached; a short one keeps the test short.
    const problem = await builderProblem("linux/arm64", host, 2000);
    t.is(problem, `underworld-images:builders.linux/arm64: ${host}, the Docker engine that builds and tests linux/arm64, did not answer within 2 s`);
    // ssh itself would wait forever on this server: 10 s (2 s plus a loaded machine's delays) proves the check gave up.
    t.true(Date.now() - started < 10_000, "the check does not wait for ssh's own timeout");
});
