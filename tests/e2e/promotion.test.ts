// A development checkout built and promoted, end to end with the real Pulumi engine on the fixture
// configuration: the dev stack builds underworld2 from a checkout whose version is not underworldVersion
// (its image tests expect the checkout's version and commit, its outputs record them), then release stacks
// publish that tested list under their tags byte for byte, read through a StackReference or by digest,
// rebuilding nothing and recording the whole chain. Each refusal comes before any tag moves.

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import test from "ava";
import { listEntries, registry, registryManifest, uniqueNamespace } from "../support/infra.ts";
import { PulumiProject, skipReason } from "../support/pulumiProject.ts";
import { UnderworldCheckout } from "../support/underworldCheckout.ts";

const reason = skipReason();
const serial = reason === "" ? test.serial : test.serial.skip;
const CHECKOUT_VERSION = "2.18.0.dev0";

let project: PulumiProject;
let checkout: UnderworldCheckout;
let work: string;
let dev: Record<string, any>;

test.before(() => {
    if (reason !== "") return;
    project = new PulumiProject(uniqueNamespace("promote"));
    work = fs.mkdtempSync(path.join(os.tmpdir(), "uw-promote-"));
    checkout = new UnderworldCheckout(path.join(work, "underworld2"), CHECKOUT_VERSION);
});
test.after.always(() => {
    project?.remove();
    if (work) fs.rmSync(work, { recursive: true, force: true });
});

/** The labels of a list's linux/amd64 image, read through the registry's HTTP API. */
async function labelsOf(name: string, listDigest: string): Promise<Record<string, string>> {
    const list = await registryManifest(`${project.namespace}/${name}`, listDigest);
    const image = await registryManifest(`${project.namespace}/${name}`, listEntries(list.json)["linux/amd64"]!);
    const config = (image.json as unknown as { config: { digest: string } }).config.digest;
    const blob = await fetch(`http://${registry()}/v2/${project.namespace}/${name}/blobs/${config}`);
    return ((await blob.json()) as { config: { Labels: Record<string, string> } }).config.Labels;
}

/** The release tag is not in the registry: nothing was published. */
async function nothingPublished(t: any, tag: string): Promise<void> {
    t.is((await registryManifest(`${project.namespace}/underworld2`, tag)).status, 404, `underworld2:${tag} was not published`);
}

serial(`dev builds a checkout whose version is not underworldVersion: its tests expect the checkout's version and commit, its outputs record them${reason}`, async (t) => {
    await project.init("dev", project.fixtureConfig({ underworldSource: checkout.path }));
    const up = await project.up("dev");
    t.is(up.code, 0, up.stdout + up.stderr);
    dev = await project.outputs("dev");
    t.like(dev.versions, { underworld: CHECKOUT_VERSION, underworldCommit: checkout.head() });
    t.not(dev.versions.underworld, "2.17.3", "not Pulumi.yaml's underworldVersion");
    const underworld2 = dev.images.underworld2;
    t.deepEqual(underworld2.testedDigests, underworld2.platformDigests, "the image tests passed on exactly the images of the list");
    t.is((await registryManifest(`${project.namespace}/underworld2`, "dev")).bodyDigest, underworld2.digest);
    t.like(await labelsOf("underworld2", underworld2.digest), {
        "org.opencontainers.image.version": CHECKOUT_VERSION, "org.opencontainers.image.revision": checkout.head(),
    });
});

serial(`release promotes the dev list through a StackReference, byte for byte, rebuilding nothing, and records the whole chain${reason}`, async (t) => {
    await project.init("release", project.fixtureConfig({ channel: "release", tag: "2.18.0", extraTags: ["latest"], promoteFromStack: "dev" }));
    const up = await project.up("release");
    t.is(up.code, 0, up.stdout + up.stderr);
    t.notRegex(up.stdout, /docker:index:Image/, "no image is built");
    const release = await project.outputs("release");
    for (const tag of ["2.18.0", "latest"]) {
        t.is((await registryManifest(`${project.namespace}/underworld2`, tag)).bodyDigest, dev.images.underworld2.digest, `underworld2:${tag} is the dev list`);
    }
    t.is(release.images.underworld2.digest, dev.images.underworld2.digest);
    t.is(release.images.underworld2.action, "promote");
    t.deepEqual(release.images.underworld2.testedDigests, dev.images.underworld2.testedDigests);
    t.deepEqual(release.digests, dev.digests, "the release stack alone says which base, petsc and lavavu its image stands on");
    for (const name of ["toolchain", "lavavu", "petsc", "base"]) {
        t.is(release.images[name].action, "inherit");
        t.deepEqual(release.images[name].platformDigests, dev.images[name].platformDigests, name);
    }
    t.deepEqual(release.images.base.parents, { PETSC_IMAGE: dev.digests.petsc, LAVAVU_IMAGE: dev.digests.lavavu, TOOLCHAIN_IMAGE: dev.digests.toolchain });
    t.deepEqual(release.versions, dev.versions);
    const again = await project.pulumi(["preview", "--expect-no-changes", "-s", "release"]);
    t.is(again.code, 0, again.stdout + again.stderr);
});

serial(`release promotes by digest too, the chain and versions read from the images' labels${reason}`, async (t) => {
    await project.init("bydigest", project.fixtureConfig({ channel: "release", tag: "2.18.1", promoteDigest: dev.images.underworld2.digest }));
    const up = await project.up("bydigest");
    t.is(up.code, 0, up.stdout + up.stderr);
    const release = await project.outputs("bydigest");
    t.is((await registryManifest(`${project.namespace}/underworld2`, "2.18.1")).bodyDigest, dev.images.underworld2.digest);
    t.deepEqual(release.digests, dev.digests);
    t.like(release.versions, { underworld: CHECKOUT_VERSION, underworldRevision: checkout.head(), petsc: "3.22.2", lavavu: "1.9.10", mpi: { flavour: "ompi" } });
});

serial(`refused before any tag moves: the dev stack does not exist${reason}`, async (t) => {
    await project.init("nostack", project.fixtureConfig({ channel: "release", tag: "3.0.1", promoteFromStack: "nodev" }));
    const up = await project.up("nostack");
    t.not(up.code, 0);
    // The engine refuses the StackReference itself, naming the stack; the program has said what it must be.
    t.regex(up.stdout + up.stderr, /unknown stack "nodev"|promoteFromStack: stack "nodev" cannot be read/);
    t.regex(up.stdout + up.stderr, /reading the outputs of stack "nodev", which must exist in this backend \(pulumi up -s nodev first\)/);
    await nothingPublished(t, "3.0.1");
});

serial(`refused before any tag moves: the dev stack holds no underworld2 output${reason}`, async (t) => {
    await project.init("empty", project.fixtureConfig());
    await project.init("fromempty", project.fixtureConfig({ channel: "release", tag: "3.0.2", promoteFromStack: "empty" }));
    const up = await project.up("fromempty");
    t.not(up.code, 0);
    t.regex(up.stdout + up.stderr, /promoteFromStack: stack "empty" holds no underworld2 list \(its outputs have no images\.underworld2\.digest\): run pulumi up -s empty first/);
    await nothingPublished(t, "3.0.2");
});

serial(`refused before any tag moves: the dev list lacks a configured platform${reason}`, async (t) => {
    const pins = { lavavu: dev.digests.lavavu, petsc: dev.digests.petsc, base: dev.digests.base };
    await project.init("devamd", project.fixtureConfig({ tag: "devamd", platforms: ["linux/amd64"], pins, underworldSource: checkout.path }));
    const built = await project.up("devamd");
    t.is(built.code, 0, built.stdout + built.stderr);
    await project.init("fromamd", project.fixtureConfig({ channel: "release", tag: "3.0.3", promoteFromStack: "devamd" }));
    const up = await project.up("fromamd");
    t.not(up.code, 0);
    t.regex(up.stdout + up.stderr, /promoteFromStack: stack "devamd": underworld2's list \S+ holds \[linux\/amd64\]; this stack publishes \[linux\/amd64, linux\/arm64\]: it lacks linux\/arm64/);
    await nothingPublished(t, "3.0.3");
});

serial(`refused before any tag moves: the dev list's image tests did not pass${reason}`, async (t) => {
    const pins = { lavavu: dev.digests.lavavu, petsc: dev.digests.petsc, base: dev.digests.base };
    await project.init("untested", project.fixtureConfig({ tag: "untested", testImages: false, pins, underworldSource: checkout.path }));
    const built = await project.up("untested");
    t.is(built.code, 0, built.stdout + built.stderr);
    await project.init("fromuntested", project.fixtureConfig({ channel: "release", tag: "3.0.4", promoteFromStack: "untested" }));
    const up = await project.up("fromuntested");
    t.not(up.code, 0);
    for (const platform of ["linux/amd64", "linux/arm64"]) {
        t.regex(up.stdout + up.stderr, new RegExp(`promoteFromStack: stack "untested": underworld2's ${platform} image sha256:[0-9a-f]{64} has no record of passing its image tests`));
    }
    await nothingPublished(t, "3.0.4");
});
