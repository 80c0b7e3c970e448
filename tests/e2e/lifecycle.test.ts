// The release cycle end to end with the real Pulumi engine, on the fixture configuration:
// first dev run, no-op rerun, an underworld2-only change, the explicit base rebuild, a release, destroy.

import * as fs from "node:fs";
import * as path from "node:path";
import test from "ava";
import { listEntries, registryManifest, run, uniqueNamespace } from "../support/infra.ts";
import { PulumiProject, skipReason } from "../support/pulumiProject.ts";
import { IMAGE_NAMES } from "../../config/images.ts";

const reason = skipReason();
const serial = reason === "" ? test.serial : test.serial.skip;
const IMAGES = [...IMAGE_NAMES];

let project: PulumiProject;
const history: Array<Record<string, any>> = [];

test.before(() => {
    if (reason !== "") return;
    project = new PulumiProject(uniqueNamespace("e2e"));
});
test.after.always(() => project?.remove());

async function assertRegistryMatches(t: any, outputs: Record<string, any>, images: string[]): Promise<void> {
    for (const name of images) {
        const out = outputs.images[name];
        for (const tagRef of out.tags as string[]) {
            const tag = tagRef.slice(tagRef.lastIndexOf(":") + 1);
            const served = await registryManifest(`${project.namespace}/${name}`, tag);
            t.is(served.bodyDigest, out.digest, `${name}:${tag} is the list in the outputs`);
            t.deepEqual(listEntries(served.json), out.platformDigests, `${name}:${tag} holds exactly the per-platform digests in the outputs`);
            t.deepEqual(Object.keys(listEntries(served.json)).sort(), ["linux/amd64", "linux/arm64"]);
        }
    }
}

serial(`dev, first run: every list is in the registry with both platforms, as the outputs say${reason}`, async (t) => {
    await project.init("dev", project.fixtureConfig({ channel: "dev", tag: "dev" }));
    const up = await project.up("dev");
    t.is(up.code, 0, up.stdout + up.stderr);
    const outputs = await project.outputs("dev");
    history.push(outputs);
    t.deepEqual(IMAGES.map((n) => outputs.images[n].action), IMAGES.map(() => "build"));
    await assertRegistryMatches(t, outputs, IMAGES);
    t.is(outputs.images.underworld2.parents.BASE_IMAGE, outputs.digests.base);
});

serial(`a second run changes nothing and rebuilds no image${reason}`, async (t) => {
    const preview = await project.pulumi(["preview", "--expect-no-changes", "-s", "dev"]);
    t.is(preview.code, 0, preview.stdout + preview.stderr);
    const up = await project.up("dev");
    t.is(up.code, 0, up.stderr);
    t.notRegex(up.stdout, /\b(created|updated|replaced|deleted)\b/, up.stdout);
    t.deepEqual((await project.outputs("dev")).digests, history[0]!.digests);
});

serial(`changing only underworld2's sources rebuilds only underworld2; the base chain keeps its digests${reason}`, async (t) => {
    fs.writeFileSync(path.join(project.dir, "dockerfiles", "underworld2", "content.txt"), "fixture content 2\n");
    const up = await project.up("dev");
    t.is(up.code, 0, up.stderr);
    // Resource lines read "<type> <name> updated"; the summary's "3 updated" is not a resource.
    const changed = [...up.stdout.matchAll(/(\S+)\s+(?:updated|replaced|created)/g)].map((m) => m[1]).filter((name) => !/^\d+$/.test(name!));
    t.true(changed.length > 0, up.stdout);
    t.true(changed.every((name) => /underworld2/.test(name!)), `only underworld2 resources changed: ${changed.join(", ")}`);
    const before = history[0]!;
    const after = await project.outputs("dev");
    history.push(after);
    for (const name of ["lavavu", "petsc", "base"]) t.is(after.digests[name], before.digests[name], `${name} kept its digest`);
    t.not(after.digests.underworld2, before.digests.underworld2);
    t.notDeepEqual(after.images.underworld2.platformDigests["linux/amd64"], before.images.underworld2.platformDigests["linux/amd64"]);
    t.notDeepEqual(after.images.underworld2.platformDigests["linux/arm64"], before.images.underworld2.platformDigests["linux/arm64"]);
    await assertRegistryMatches(t, after, ["underworld2"]);
});

serial(`the explicit base rebuild regenerates the chain, writes new pins, and dev builds from them${reason}`, async (t) => {
    const before = history[history.length - 1]!;
    const rebuild = await run(process.execPath, ["--import", "tsx", "scripts/rebuild-base.ts", "dev"], { cwd: project.dir, env: { ...process.env, ...project.environment } });
    t.is(rebuild.code, 0, rebuild.stdout + rebuild.stderr);
    const stackFile = project.readStackFile("dev");
    const after = await project.outputs("dev");
    history.push(after);
    for (const name of ["lavavu", "petsc", "base"]) {
        t.not(after.digests[name], before.digests[name], `${name} was rebuilt`);
        t.true(stackFile.includes(after.digests[name]), `Pulumi.dev.yaml pins ${name} to ${after.digests[name]}`);
        t.is(after.images[name].action, "pin");
    }
    t.is(after.images.underworld2.action, "build");
    t.is(after.images.underworld2.parents.BASE_IMAGE, after.digests.base, "underworld2 is built from the new base pin");
    const preview = await project.pulumi(["preview", "--expect-no-changes", "-s", "dev"]);
    t.is(preview.code, 0, preview.stdout + preview.stderr);
});

serial(`release builds the version tag from pins only, and refuses an unpinned parent${reason}`, async (t) => {
    const dev = history[history.length - 1]!;
    const pins = { toolchain: dev.digests.toolchain, lavavu: dev.digests.lavavu, petsc: dev.digests.petsc, base: dev.digests.base };
    await project.init("unpinned", project.fixtureConfig({ channel: "release", tag: "1.0.1", pins: { toolchain: pins.toolchain, lavavu: pins.lavavu, petsc: pins.petsc } }));
    const refused = await project.up("unpinned");
    t.not(refused.code, 0);
    t.regex(refused.stdout + refused.stderr, /pins\.base: got null; expected a pinned reference/);
    t.is((await registryManifest(`${project.namespace}/underworld2`, "1.0.1")).status, 404, "nothing was published");

    await project.init("release", project.fixtureConfig({ channel: "release", tag: "1.0.0", extraTags: ["latest"], pins }));
    const up = await project.up("release");
    t.is(up.code, 0, up.stdout + up.stderr);
    const release = await project.outputs("release");
    t.deepEqual(IMAGES.map((n) => release.images[n].action), ["pin", "pin", "pin", "pin", "build"]);
    t.is(release.images.underworld2.parents.BASE_IMAGE, pins.base);
    t.deepEqual(release.images.underworld2.tags, [`${project.fixtureConfig().registry}/${project.namespace}/underworld2:1.0.0`, `${project.fixtureConfig().registry}/${project.namespace}/underworld2:latest`]);
    await assertRegistryMatches(t, release, ["underworld2"]);
});

serial(`destroy removes nothing from the registry${reason}`, async (t) => {
    const dev = history[history.length - 1]!;
    const destroy = await project.pulumi(["destroy", "--yes", "--skip-preview", "-s", "dev"]);
    t.is(destroy.code, 0, destroy.stderr);
    for (const name of IMAGES) {
        const ref = dev.digests[name] as string;
        t.is((await registryManifest(`${project.namespace}/${name}`, ref.split("@")[1]!)).status, 200, `${ref} is still served`);
    }
    t.is((await registryManifest(`${project.namespace}/underworld2`, "dev")).bodyDigest, dev.images.underworld2.digest);
});
