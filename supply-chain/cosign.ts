// cosign (https://github.com/sigstore/cosign): signs images and lists by digest with the stack's key pair,
// attaches SBOMs to images as signed attestations, and verifies both with the public key alone, offline.
// No transparency log: the signatures live in the registry beside the images (a registry without the
// referrers API, such as registry 2.8, keeps them under a `sha256-<digest>` tag) and the public key is
// what a user trusts. The private key and its password reach cosign through its environment only.

import { registryEnvironment, type RegistryLogin } from "./registryLogin.ts";
import { tool } from "./tool.ts";

/** cosign's private key (the PEM `cosign generate-key-pair` writes, encrypted) and its password. */
export interface SigningKey {
    readonly pem: string;
    readonly password: string;
}

const NEEDS = "cosign (scripts/setup.sh installs it)";
/** A registry answers in seconds; this bounds a stuck call. */
const TIMEOUT_MS = 300_000;
/** The environment variable cosign reads the key from (`--key env://…`). */
const KEY_VARIABLE = "UW_COSIGN_PRIVATE_KEY";
/** Keyless signing and the public transparency log are for public registries with an identity provider; here a key pair signs. */
const OFFLINE_SIGNING = ["--tlog-upload=false", "--use-signing-config=false", "--yes"];
const OFFLINE_VERIFYING = ["--insecure-ignore-tlog=true"];

function cosign(args: readonly string[], login: RegistryLogin, key?: SigningKey): Promise<string> {
    return registryEnvironment(login, (env) => tool("cosign", args, {
        needs: NEEDS,
        timeout: TIMEOUT_MS,
        env: key === undefined ? env : { ...env, [KEY_VARIABLE]: key.pem, COSIGN_PASSWORD: key.password },
    }));
}

/** Signs `reference` (pinned by digest). */
export async function sign(reference: string, key: SigningKey, login: RegistryLogin): Promise<void> {
    await cosign(["sign", "--key", `env://${KEY_VARIABLE}`, ...OFFLINE_SIGNING, reference], login, key);
}

/** Attaches `predicateFile` (an SPDX JSON SBOM) to `reference` as a signed attestation. */
export async function attestSbom(reference: string, predicateFile: string, key: SigningKey, login: RegistryLogin): Promise<void> {
    await cosign(["attest", "--key", `env://${KEY_VARIABLE}`, ...OFFLINE_SIGNING, "--type", "spdxjson", "--predicate", predicateFile, reference], login, key);
}

/** The public key of `key`, as PEM: checks that key and password open it, and that it pairs with a public key. */
export async function publicKeyOf(key: SigningKey): Promise<string> {
    return cosign(["public-key", "--key", `env://${KEY_VARIABLE}`], undefined, key);
}

/** cosign's own reason ("Error: …" among its warnings), or its whole message. */
function reason(error: Error): string {
    return error.message.split("\n").map((line) => line.trim()).find((line) => line.startsWith("Error: "))?.slice("Error: ".length) ?? error.message;
}

/** Throws, saying why, unless `reference` carries a signature that `publicKeyFile` verifies. */
export async function verify(reference: string, publicKeyFile: string, login: RegistryLogin): Promise<void> {
    try {
        await cosign(["verify", "--key", publicKeyFile, ...OFFLINE_VERIFYING, reference], login);
    } catch (error) {
        throw new Error(`${reference} carries no signature that ${publicKeyFile} verifies: ${reason(error as Error)}`);
    }
}

/** The SBOMs attested on `reference` that `publicKeyFile` verifies: each attestation's SPDX document. */
export async function verifiedSboms(reference: string, publicKeyFile: string, login: RegistryLogin): Promise<unknown[]> {
    const out = await cosign(["verify-attestation", "--key", publicKeyFile, ...OFFLINE_VERIFYING, "--type", "spdxjson", reference], login).catch((error: Error) => {
        throw new Error(`${reference} carries no SBOM attestation that ${publicKeyFile} verifies: ${reason(error)}`);
    });
    // One DSSE envelope per line; its payload is an in-toto statement whose predicate is the SBOM.
    return out.split("\n").filter((line) => line.trim() !== "").map((line) => {
        const envelope = JSON.parse(line) as { payload: string };
        return (JSON.parse(Buffer.from(envelope.payload, "base64").toString("utf8")) as { predicate: unknown }).predicate;
    });
}
