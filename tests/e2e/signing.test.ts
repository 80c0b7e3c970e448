// Signing through the real Pulumi engine on the fixture stack: with a key pair in the stack (the private key a
// Pulumi secret), every image's list and platform images are signed, with SBOMs attested, before their tags
// move; the stack outputs record the signatures and SBOM digests; cosign verifies them with the public key
// alone; the key and its password are in no plaintext state, output or command line; a release stack whose
// public key is another's refuses to promote before any tag moves.

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import test from "ava";
import { watchCommandLines } from "../support/commandLines.ts";
import { mustRun, registry, registryManifest, run, uniqueNamespace } from "../support/infra.ts";
import { PulumiProject, skipReason } from "../support/pulumiProject.ts";
import { IMAGE_NAMES } from "../../config/images.ts";

const reason = skipReason();
const serial = reason === "" ? test.serial : test.serial.skip;
const IMAGES = [...IMAGE_NAMES];
const PLATFORMS = ["linux/amd64", "linux/arm64"];
const PASSWORD = `pw-${Math.random().toString(36).slice(2)}-signing`;

const keys = fs.mkdtempSync(path.join(os.tmpdir(), "uw-e2e-keys-"));
let project: PulumiProject;
let pem: string;

async function keyPair(name: string, password: string): Promise<void> {
    await mustRun("cosign", ["generate-key-pair", "--output-key-prefix", name], { cwd: keys, env: { ...process.env, COSIGN_PASSWORD: password } });
}

test.before(async () => {
    if (reason !== "") return;
    await keyPair("signer", PASSWORD);
    await keyPair("other", "other-password");
    pem = fs.readFileSync(path.join(keys, "signer.key"), "utf8");
    project = new PulumiProject(uniqueNamespace("signing"));
});
test.after.always(() => {
    project?.remove();
    fs.rmSync(keys, { recursive: true, force: true });
});

serial(`dev signs every list and image, with SBOMs, before the tags move; outputs record it; the key is nowhere${reason}`, async (t) => {
    await project.init("dev", project.fixtureConfig({ signingPublicKey: path.join(keys, "signer.pub") }));
    await project.setSecret("dev", "signingKey", pem);
    await project.setSecret("dev", "signingKeyPassword", PASSWORD);

    const watch = watchCommandLines(50);
    const up = await project.up("dev");
    const commandLines = watch.stop();
    t.is(up.code, 0, up.stdout + up.stderr);

    const outputs = await project.outputs("dev");
    for (const name of IMAGES) {
        const image = outputs.images[name];
        t.is(image.signatures.list.digest, image.digest, `${name}: the list signed is the one published`);
        t.deepEqual(Object.keys(image.signatures.platforms).sort(), PLATFORMS, name);
        // The dev tag points at the signed list, and cosign verifies it and each image with the public key alone.
        const ref = `${registry()}/${project.namespace}/${name}`;
        t.is((await registryManifest(`${project.namespace}/${name}`, "dev")).bodyDigest, image.digest);
        for (const target of [`${ref}:dev`, ...Object.values(image.platformDigests as Record<string, string>).map((d) => `${ref}@${d}`)]) {
            const verified = await run("cosign", ["verify", "--key", path.join(keys, "signer.pub"), "--insecure-ignore-tlog=true", target]);
            t.is(verified.code, 0, `${target}: ${verified.stderr}`);
        }
    }
    // The SBOM attested on underworld2's image names the PETSc the stack records (inherited from petsc's SPDX record).
    const amd64 = `${registry()}/${project.namespace}/underworld2@${outputs.images.underworld2.platformDigests["linux/amd64"]}`;
    const sboms = await run(process.execPath, ["--import", "tsx", "supply-chain/cli.ts", "sboms", "--public-key", path.join(keys, "signer.pub"), amd64]);
    t.is(sboms.code, 0, sboms.stderr);
    t.deepEqual((JSON.parse(sboms.stdout.trim()) as Array<Record<string, string[]>>)[0]!.petsc, [outputs.versions.petsc]);

    const exported = await project.mustPulumi(["stack", "export", "-s", "dev"]);
    const keyBody = pem.split("\n").filter((line) => line.length > 40)[0]!;
    for (const [what, text] of [["state", exported.stdout], ["up's output", up.stdout + up.stderr], ["stack file", project.readStackFile("dev")],
        ["outputs", JSON.stringify(outputs)], ["command lines", commandLines.join("\n")]] as const) {
        t.false(text.includes(keyBody), `${what} holds the private key`);
        t.false(text.includes(PASSWORD), `${what} holds its password`);
    }
    t.true(commandLines.some((line) => line.includes("supply-chain/cli.ts sign")), "the watch saw the signing program run");
});

serial(`release refuses to promote a list that its public key does not verify, before any tag moves${reason}`, async (t) => {
    await project.init("release", project.fixtureConfig({
        channel: "release", tag: "2.18.0", promoteFromStack: "dev", signingPublicKey: path.join(keys, "other.pub"),
    }));
    const refused = await project.up("release");
    t.not(refused.code, 0);
    t.regex(refused.stdout + refused.stderr, /promoteFromStack: stack "dev": underworld2's list .* carries no signature that .*other\.pub verifies/);
    t.is((await registryManifest(`${project.namespace}/underworld2`, "2.18.0")).status, 404, "no release tag moved");

    // With the signer's public key, the same list is promoted.
    project.writeStack("release", project.fixtureConfig({ channel: "release", tag: "2.18.0", promoteFromStack: "dev", signingPublicKey: path.join(keys, "signer.pub") }));
    const promoted = await project.up("release");
    t.is(promoted.code, 0, promoted.stdout + promoted.stderr);
    t.is((await registryManifest(`${project.namespace}/underworld2`, "2.18.0")).bodyDigest, (await project.outputs("dev")).images.underworld2.digest);
});
