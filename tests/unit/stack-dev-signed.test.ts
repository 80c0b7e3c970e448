// The whole program under Pulumi mocks on a dev stack with a signing key: each image's list is pushed by
// digest only, then signed (a resource of the image's component), and only then do its tags move; the stack
// outputs record the signatures and SBOM digests.

import test from "ava";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fakeDigest, loadProgram, PUBLISHED_LIST, RecordingMocks, valueOf } from "../support/mocks.ts";
import { mustRun } from "../support/infra.ts";
import { configWith } from "../support/projectConfig.ts";

const IMAGES = ["lavavu", "petsc", "base", "underworld2"];
const mocks = new RecordingMocks();
const dependsOn = new Map<string, string[]>();
const keys = fs.mkdtempSync(path.join(os.tmpdir(), "uw-unit-keys-"));
let program: Record<string, any>;

test.before(async () => {
    // The preflight opens the key and checks it pairs with the public key: a real pair, made here.
    await mustRun("cosign", ["generate-key-pair"], { cwd: keys, env: { ...process.env, COSIGN_PASSWORD: "" } });
    program = await loadProgram(configWith({
        registry: "127.0.0.1:5000", namespace: "uw", dockerfilesDir: "tests/fixtures/dockerfiles",
        signingKeyFile: path.join(keys, "cosign.key"), signingPublicKey: path.join(keys, "cosign.pub"),
    }), mocks, dependsOn);
    await valueOf(program.digests);
});
test.after.always(() => fs.rmSync(keys, { recursive: true, force: true }));

const command = (name: string) => mocks.ofType("command:local:Command").find((r) => r.name === name)!;

test("each image: list pushed by digest only, then its signatures resource, then its tags", (t) => {
    for (const name of IMAGES) {
        t.regex(String(command(`${name}-manifest-list`).inputs.create), / --untagged$/, `${name}'s list moves no tag`);
        t.deepEqual(dependsOn.get(`${name}-signatures`), [`${name}-manifest-list`]);
        t.deepEqual(dependsOn.get(`${name}-tags`)!.sort(), [`${name}-manifest-list`, `${name}-signatures`]);
        t.true(mocks.ofType(PUBLISHED_LIST).some((r) => r.name === `${name}-tags`));
    }
});

test("the signatures resource signs the tested images and the list, with the key file in its environment, not its command line", async (t) => {
    const lavavu = command("lavavu-signatures");
    const create = String(lavavu.inputs.create);
    t.regex(create, /^node --import tsx supply-chain\/cli\.ts sign --list '127\.0\.0\.1:5000\/uw\/lavavu@sha256:[0-9a-f]{64}'/);
    t.regex(create, new RegExp(`--image 'linux/amd64=127\\.0\\.0\\.1:5000/uw/lavavu@${fakeDigest("lavavu-amd64")}' --image 'linux/arm64=127\\.0\\.0\\.1:5000/uw/lavavu@${fakeDigest("lavavu-arm64")}'`));
    t.regex(create, new RegExp(`--public-key '${path.join(keys, "cosign.pub")}'$`));
    t.false(create.includes("cosign.key"));
    // The environment holds the (secret) password, so Pulumi keeps all of it as a secret.
    const environment = lavavu.inputs.environment as { value: Record<string, string> };
    t.is(environment.value.UW_SIGNING_KEY_FILE, path.join(keys, "cosign.key"));
});

test("the outputs record each list's signature and each image's signature and SBOM", async (t) => {
    for (const name of IMAGES) {
        const image = await valueOf(program.images[name]) as Record<string, any>;
        t.is(image.signatures.list.digest, image.digest, name);
        t.regex(image.signatures.list.signature, /^sha256:/);
        for (const platform of ["linux/amd64", "linux/arm64"]) {
            const ref = `127.0.0.1:5000/uw/${name}@${image.platformDigests[platform]}`;
            t.deepEqual(image.signatures.platforms[platform], {
                signature: fakeDigest(`signature of ${ref}`), sbom: { digest: fakeDigest(`sbom of ${ref}`), attestation: fakeDigest(`attestation of ${ref}`) },
            });
        }
    }
});
