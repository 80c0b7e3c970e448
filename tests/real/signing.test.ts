// Signatures and SBOMs with the real tools against the real registry: the supply-chain program signs each
// platform image (with its SBOM attested) and the list; cosign verifies them offline with the public key
// alone; another key's signature or none is refused, by cosign and by promotion before any tag moves; the
// SBOM read back names what the image holds; the private key and its password are nowhere to be seen.

import test from "ava";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { loadStack } from "../../components/preflight/loadStack.ts";
import { LABELS } from "../../plan/promotion.ts";
import { ConfigError, readSettings } from "../../config/settings.ts";
import { signingProblems } from "../../components/preflight/signingCheck.ts";
import { SIGNING_VARIABLES } from "../../supply-chain/signingKey.ts";
import { watchCommandLines } from "../support/commandLines.ts";
import { buildContext, mustManifestList, mustRun, pushTinyImages, registry, registryManifest, run, uniqueNamespace } from "../support/infra.ts";
import { configWith } from "../support/projectConfig.ts";

const PLATFORMS = ["linux/amd64", "linux/arm64"];
const VERSIONS = { PETSc: "3.22.2", petsc4py: "3.22.2", mpi4py: "4.1.2", h5py: "3.12.1", lavavu: "1.9.10", underworld: "2.17.3" };
const namespace = uniqueNamespace("signing");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "uw-signing-"));
const PASSWORD = `pw-${namespace}`;

interface KeyPair { readonly key: string; readonly pub: string; readonly pem: string }
let signer: KeyPair;
let other: KeyPair;
/** The signed list and its images. */
let listRef: string;
let images: Record<string, string>;
let signRun: { code: number; stdout: string; stderr: string };
let commandLines: string[];

async function keyPair(name: string, password: string): Promise<KeyPair> {
    await mustRun("cosign", ["generate-key-pair", "--output-key-prefix", name], { cwd: dir, env: { ...process.env, COSIGN_PASSWORD: password } });
    const key = path.join(dir, `${name}.key`);
    return { key, pub: path.join(dir, `${name}.pub`), pem: fs.readFileSync(key, "utf8") };
}

/** An image per platform holding the records a scanner reads: Python packages' metadata and PETSc's SPDX record. */
async function pushImagesWithPackages(repository: string): Promise<Record<string, string>> {
    const context = path.join(dir, "context");
    const site = path.join(context, "venv/lib/python3.11/site-packages");
    for (const [name, version] of Object.entries(VERSIONS).filter(([name]) => name !== "PETSc")) {
        fs.mkdirSync(path.join(site, `${name}-${version}.dist-info`), { recursive: true });
        fs.writeFileSync(path.join(site, `${name}-${version}.dist-info/METADATA`), `Metadata-Version: 2.1\nName: ${name}\nVersion: ${version}\n`);
    }
    fs.mkdirSync(path.join(context, "sbom"), { recursive: true });
    fs.writeFileSync(path.join(context, "sbom/petsc.spdx.json"), JSON.stringify({
        spdxVersion: "SPDX-2.3", dataLicense: "CC0-1.0", SPDXID: "SPDXRef-DOCUMENT", name: "petsc", documentNamespace: `https://example.org/${namespace}`,
        creationInfo: { created: "2026-01-01T00:00:00Z", creators: ["Tool: test"] },
        packages: [{ name: "PETSc", SPDXID: "SPDXRef-Package-PETSc", versionInfo: VERSIONS.PETSc, downloadLocation: "NOASSERTION", filesAnalyzed: false }],
    }));
    fs.writeFileSync(path.join(context, "Dockerfile"), "FROM scratch\nCOPY venv /opt/venv\nCOPY sbom /usr/local/share/sbom\n");
    const digests: Record<string, string> = {};
    for (const platform of PLATFORMS) {
        digests[platform] = `${repository}@${await buildContext(context, path.join(context, "Dockerfile"), platform, `${repository}:src-${platform.split("/")[1]}`)}`;
    }
    return digests;
}

/** Joins `images` into a list pushed by digest only, as the stack does before signing. */
async function untaggedList(repository: string, refs: Record<string, string>, tag = "dev"): Promise<string> {
    const created = await mustManifestList(["create", "--target", `${repository}:${tag}`, ...Object.entries(refs).flatMap(([p, r]) => ["--source", `${p}=${r}`]), "--untagged"]);
    return `${repository}@${created.stdout.trim()}`;
}

const supplyChain = (args: readonly string[], env: NodeJS.ProcessEnv = process.env) =>
    run(process.execPath, ["--import", "tsx", "supply-chain/cli.ts", ...args], { env });

test.before(async () => {
    [signer, other] = await Promise.all([keyPair("signer", PASSWORD), keyPair("other", "another-password")]);
    const repository = `${registry()}/${namespace}/underworld2`;
    images = await pushImagesWithPackages(repository);
    listRef = await untaggedList(repository, images);
    const watch = watchCommandLines();
    signRun = await supplyChain(["sign", "--list", listRef, ...Object.entries(images).flatMap(([p, r]) => ["--image", `${p}=${r}`]), "--public-key", signer.pub],
        { ...process.env, [SIGNING_VARIABLES.key]: signer.pem, [SIGNING_VARIABLES.password]: PASSWORD });
    commandLines = watch.stop();
});
test.after.always(() => fs.rmSync(dir, { recursive: true, force: true }));

test("the list was pushed by digest only: no tag moved before it was signed", async (t) => {
    t.is((await registryManifest(`${namespace}/underworld2`, "dev")).status, 404);
});

test("sign: each image's SBOM attestation and signature, then the list's, recorded by digest as the registry lists them", async (t) => {
    t.is(signRun.code, 0, signRun.stderr);
    const signed = JSON.parse(signRun.stdout.trim().split("\n").pop()!) as {
        list: { digest: string; signature: string };
        platforms: Record<string, { signature: string; sbom: { digest: string; attestation: string } }>;
    };
    t.is(signed.list.digest, listRef.split("@")[1]);
    t.deepEqual(Object.keys(signed.platforms).sort(), PLATFORMS);
    const referrers = async (digest: string) => ((await registryManifest(`${namespace}/underworld2`, digest.replace(":", "-"))).json?.manifests ?? []).map((m) => m.digest);
    t.deepEqual(await referrers(signed.list.digest), [signed.list.signature]);
    for (const platform of PLATFORMS) {
        const { signature, sbom } = signed.platforms[platform]!;
        t.deepEqual((await referrers(images[platform]!.split("@")[1]!)).sort(), [signature, sbom.attestation].sort(), platform);
        t.regex(sbom.digest, /^sha256:[0-9a-f]{64}$/);
    }
});

test("signatures verify offline with the public key alone, with cosign itself", async (t) => {
    t.is(signRun.code, 0, signRun.stderr);
    for (const ref of [listRef, ...Object.values(images)]) {
        // No login, no transparency log, no network beyond the registry: the public key file is all a user needs.
        const verified = await run("cosign", ["verify", "--key", signer.pub, "--insecure-ignore-tlog=true", ref]);
        t.is(verified.code, 0, `${ref}: ${verified.stderr}`);
        t.is((JSON.parse(verified.stdout) as Array<{ critical: { image: { "docker-manifest-digest": string } } }>)[0]!.critical.image["docker-manifest-digest"], ref.split("@")[1]);
    }
});

test("a list signed by another key, or not signed, is refused", async (t) => {
    t.is(signRun.code, 0, signRun.stderr);
    const otherKey = await supplyChain(["verify", "--public-key", other.pub, listRef]);
    t.not(otherKey.code, 0);
    t.regex(otherKey.stderr, new RegExp(`${listRef.replaceAll(".", "\\.")} carries no signature that .*other\\.pub verifies: no matching attestations`));
    const unsignedImages = await pushTinyImages(`${registry()}/${namespace}/unsigned`);
    const unsigned = await untaggedList(`${registry()}/${namespace}/unsigned`,
        Object.fromEntries(Object.entries(unsignedImages).map(([p, d]) => [p, `${registry()}/${namespace}/unsigned@${d}`])));
    const none = await supplyChain(["verify", "--public-key", signer.pub, unsigned]);
    t.not(none.code, 0);
    t.regex(none.stderr, /no signatures found/);
});

test("the SBOM read back from its verified attestation names PETSc, petsc4py, mpi4py, h5py, lavavu and Underworld at the versions built", async (t) => {
    t.is(signRun.code, 0, signRun.stderr);
    for (const platform of PLATFORMS) {
        const read = await supplyChain(["sboms", "--public-key", signer.pub, images[platform]!]);
        t.is(read.code, 0, read.stderr);
        const sboms = JSON.parse(read.stdout.trim().split("\n").pop()!) as Array<Record<string, string[]>>;
        t.is(sboms.length, 1, `${platform}: one attested SBOM`);
        for (const [name, version] of Object.entries(VERSIONS)) t.deepEqual(sboms[0]![name.toLowerCase()], [version], `${platform}: ${name}`);
        // Another key verifies no SBOM.
        t.not((await supplyChain(["sboms", "--public-key", other.pub, images[platform]!])).code, 0);
    }
});

test("the private key and its password appear in no output and on no command line", (t) => {
    t.is(signRun.code, 0, signRun.stderr);
    const keyBody = signer.pem.split("\n").filter((line) => line.length > 40)[0]!;
    for (const [what, text] of [["stdout", signRun.stdout], ["stderr", signRun.stderr], ["command lines", commandLines.join("\n")]] as const) {
        t.false(text.includes(keyBody), `${what} holds the private key`);
        t.false(text.includes(PASSWORD), `${what} holds its password`);
    }
    t.true(commandLines.some((line) => line.includes("cosign sign")), "cosign's command lines were seen");
});

test("the preflight checks the key pair before anything is built: a wrong password, or keys that are no pair", async (t) => {
    const settings = (keyFile: string) => readSettings(configWith({ signingKeyFile: keyFile, signingPublicKey: signer.pub }));
    t.deepEqual(await signingProblems(settings(signer.key), { password: PASSWORD }), []);
    const [wrongPassword] = await signingProblems(settings(signer.key), { password: "not-it" });
    t.regex(wrongPassword!, /underworld-images:signingKeyFile: cosign cannot open it with signingKeyPassword/);
    const [noPair] = await signingProblems(settings(other.key), { password: "another-password" });
    t.regex(noPair!, /underworld-images:signingKeyFile: its public key is not the one in signingPublicKey/);
    const [missing] = await signingProblems(readSettings(configWith({ signingKeyFile: signer.key, signingPublicKey: path.join(dir, "none.pub") })), {});
    t.regex(missing!, /signingPublicKey: .*none\.pub does not exist/);
});

test("promotion verifies the list's signature before any tag moves: signed by this key passes, another key's or none is refused", async (t) => {
    t.is(signRun.code, 0, signRun.stderr);
    // A chain as the Dockerfiles label theirs, with underworld2's list signed by `signer` or not at all.
    const chainRef = async (image: string, labels: Record<string, string>) => {
        const repository = `${registry()}/${namespace}/${image}`;
        const digests = await pushTinyImages(repository, "src", labels);
        return untaggedList(repository, Object.fromEntries(Object.entries(digests).map(([p, d]) => [p, `${repository}@${d}`])));
    };
    const lavavu = await chainRef("lavavu", { [LABELS.version]: "1.9.10" });
    const petsc = await chainRef("petsc", { [LABELS.version]: "3.22.2-ompi" });
    const base = await chainRef("base", { [LABELS.base]: petsc, [LABELS.revision]: `lavavu=${lavavu} petsc=${petsc}` });
    const uw2Labels = { [LABELS.version]: "2.17.3", [LABELS.revision]: "v2.17.3", [LABELS.base]: base };
    const signedList = await chainRef("underworld2", uw2Labels);
    t.not((await supplyChain(["verify", "--public-key", signer.pub, signedList])).code, 0, "not signed yet");
    const sign = await run("cosign", ["sign", "--key", "env://K", "--tlog-upload=false", "--use-signing-config=false", "--yes", signedList],
        { env: { ...process.env, K: signer.pem, COSIGN_PASSWORD: PASSWORD } });
    t.is(sign.code, 0, sign.stderr);
    const unsignedList = await chainRef("underworld2", { ...uw2Labels, [LABELS.revision]: "unsigned" });

    const problems = async (digest: string, publicKey: string) => {
        const raw = configWith({
            channel: "release", tag: "2.17.3", registry: registry(), namespace, dockerfilesDir: "tests/fixtures/dockerfiles",
            promoteDigest: digest, signingPublicKey: publicKey,
        });
        try {
            await loadStack({ raw, presentKeys: Object.keys(raw), secretKeys: [] });
            return [];
        } catch (error) {
            if (error instanceof ConfigError) return error.problems;
            throw error;
        }
    };
    t.deepEqual(await problems(signedList.split("@")[1]!, signer.pub), []);
    const [otherKey] = await problems(signedList.split("@")[1]!, other.pub);
    t.regex(otherKey!, new RegExp(`promoteDigest: ${signedList.split("@")[1]}: underworld2's list .* carries no signature that .*other\\.pub verifies: .*\\(signingPublicKey\\); only a signed list is promoted`));
    const [unsigned] = await problems(unsignedList.split("@")[1]!, signer.pub);
    t.regex(unsigned!, /carries no signature that .*signer\.pub verifies: no signatures found \(signingPublicKey\)/);
    t.is((await registryManifest(`${namespace}/underworld2`, "2.17.3")).status, 404, "no release tag moved");
});
