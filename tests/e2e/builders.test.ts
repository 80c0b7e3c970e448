// A Docker engine per platform with the real Pulumi engine, on the fixture stack: `builders` sends
// linux/arm64 to a second engine on this machine, reached over ssh as a maintainer's Mac mini would be.
// Its images are built, pushed and tested there, the lists join both engines' images; an unreachable
// builder or a refused key fails `up` before anything is pushed, and after the fix a rerun completes.

import * as fs from "node:fs";
import * as path from "node:path";
import test from "ava";
import { assertRouted, imageId, watchContainerStarts } from "../support/engineEvidence.ts";
import { listEntries, registry, registryManifest, uniqueNamespace } from "../support/infra.ts";
import { PulumiProject, skipReason } from "../support/pulumiProject.ts";
import { RemoteBuilder } from "../support/remoteBuilder.ts";
import { IMAGE_NAMES } from "../../config/images.ts";

const reason = skipReason();
const serial = reason === "" ? test.serial : test.serial.skip;
const IMAGES = [...IMAGE_NAMES];

let builder: RemoteBuilder;
let project: PulumiProject;

test.before(async () => {
    if (reason !== "") return;
    builder = new RemoteBuilder("e2e", 2202, "10.213.2.1/24");
    await builder.start();
    project = new PulumiProject(uniqueNamespace("e2e-builders"));
});
test.after.always(async () => {
    project?.remove();
    await builder?.stop();
});

/** pulumi up, with the ssh client configuration that reaches the builder. */
const up = () => project.up("dev", [], builder.ssh.environment());

/** Every tag the stack's images are published under (lists and per-platform images) -> what it points at. */
async function publishedTags(): Promise<Record<string, string>> {
    const tags: Record<string, string> = {};
    for (const name of IMAGES) {
        for (const tag of ["dev", "dev-amd64", "dev-arm64"]) tags[`${name}:${tag}`] = (await registryManifest(`${project.namespace}/${name}`, tag)).bodyDigest;
    }
    return tags;
}

serial(`pulumi up builds, pushes and tests linux/arm64 on its builder; every list joins both engines' images${reason}`, async (t) => {
    // The test's engine has no NAT of its own (the default engine's rules are left alone): its builds reach
    // Debian's archive over this machine's network, as a real builder reaches it over its own.
    await project.init("dev", project.fixtureConfig({ builders: { "linux/arm64": builder.url }, buildNetwork: "host" }));
    const started = { builder: watchContainerStarts(builder.engine.host), default: watchContainerStarts(undefined) };
    const result = await up();
    const seen = { builder: await started.builder.stop(), default: await started.default.stop() };
    t.is(result.code, 0, result.stdout + result.stderr);
    await assertRouted(t, { namespace: project.namespace, tag: "dev", routed: "linux/arm64", builderHost: builder.engine.host, started: seen });
    const outputs = await project.outputs("dev");
    t.deepEqual(Object.keys(outputs.digests).sort(), [...IMAGES].sort());

    const preview = await project.pulumi(["preview", "--expect-no-changes", "-s", "dev"], builder.ssh.environment());
    t.is(preview.code, 0, preview.stdout + preview.stderr);
});

// [fault, how it is made, how it is mended, what the message says]
const faults: Array<[string, () => Promise<void> | void, () => Promise<void> | void, RegExp]> = [
    ["the builder is unreachable", () => builder.ssh.stop(), () => builder.ssh.start(), /cannot be reached \(ssh: connect to host 127\.0\.0\.1 port 2202: Connection refused\)/],
    ["the builder refuses this machine's ssh key", () => builder.ssh.refuseKey(), () => builder.ssh.acceptKey(), /refused this machine's ssh key \(.*Permission denied \(publickey\)/],
];
for (const [n, [fault, make, mend, says]] of faults.entries()) {
    serial(`${fault}: up fails before anything is pushed, naming the builder and its platform; after the fix a rerun completes${reason}`, async (t) => {
        const before = await project.outputs("dev");
        const tags = await publishedTags();
        // underworld2 has something to build, on both platforms.
        fs.writeFileSync(path.join(project.dir, "dockerfiles", "underworld2", "content.txt"), `fixture content, fault ${n}\n`);

        await make();
        const failed = await up();
        await mend();
        const output = failed.stdout + failed.stderr;
        t.not(failed.code, 0);
        t.true(output.includes(`underworld-images:builders.linux/arm64: ${builder.url}, the Docker engine that builds and tests linux/arm64,`), output);
        t.regex(output, says);
        t.deepEqual(await publishedTags(), tags, "no tag moved: nothing was pushed, on either platform");
        t.deepEqual((await project.outputs("dev")).digests, before.digests, "outputs keep the last good digests");

        const rerun = await up();
        t.is(rerun.code, 0, rerun.stdout + rerun.stderr);
        const after = await project.outputs("dev");
        t.not(after.digests.underworld2, before.digests.underworld2, "underworld2 was rebuilt");
        for (const name of ["lavavu", "petsc", "base"]) t.is(after.digests[name], before.digests[name], `${name} was not rebuilt`);
        const list = await registryManifest(`${project.namespace}/underworld2`, "dev");
        t.is(list.bodyDigest, after.images.underworld2.digest);
        const arm = (await registryManifest(`${project.namespace}/underworld2`, listEntries(list.json)["linux/arm64"]!)).json as unknown as { config: { digest: string } };
        t.is(await imageId(builder.engine.host, `${registry()}/${project.namespace}/underworld2:dev-arm64`), arm.config.digest, "the rebuilt arm64 image came from the builder");
    });
}
