// Signing what one image publishes, after its image tests passed and before its tags move: each platform's
// image gets an SBOM (syft) attached as a signed attestation and a signature, then the list gets a signature.
// Each is verified with the public key straight after, so a key that does not pair with the configured public
// key fails here, not in a user's `cosign verify`.

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseReference } from "../manifest-list/references.ts";
import type { Login } from "../manifest-list/login.ts";
import { sha256Digest } from "../manifest-list/manifest.ts";
import { Oras } from "../manifest-list/oras.ts";
import { attestSbom, sign, verify, type SigningKey } from "./cosign.ts";
import { attachedBy } from "./referrers.ts";
import { writeSbom } from "./sbom.ts";

export interface SignedImage {
    /** Digest of the signature manifest. */
    readonly signature: string;
    /** The SBOM: its SPDX document's digest, and the digest of the attestation that carries it. */
    readonly sbom: { readonly digest: string; readonly attestation: string };
}

export interface SignedPublication {
    readonly list: { readonly digest: string; readonly signature: string };
    readonly platforms: Readonly<Record<string, SignedImage>>;
}

export interface Signer {
    readonly key: SigningKey;
    readonly publicKeyFile: string;
    /** The stack's login for the list's registry; undefined: Docker's. */
    readonly login?: Login;
    readonly log: (line: string) => void;
}

function pinned(reference: string, what: string) {
    const parsed = parseReference(reference);
    if (parsed?.digest === undefined || parsed.registry === "") throw new Error(`${what}: "${reference}" is not registry/repository@sha256:<64 hex>`);
    return { registry: parsed.registry, repository: parsed.repository, digest: parsed.digest };
}

/** Signs the list `listRef` and each platform image of `images` (platform -> `repo@sha256:…`), with SBOMs. */
export async function signPublication(listRef: string, images: Readonly<Record<string, string>>, signer: Signer): Promise<SignedPublication> {
    const list = pinned(listRef, "list");
    const client = new Oras(list.registry, signer.login);
    const registry = signer.login === undefined ? undefined : { host: list.registry, login: signer.login };
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "uw-sbom-"));
    try {
        const platforms: Record<string, SignedImage> = {};
        for (const [platform, ref] of Object.entries(images)) {
            const image = pinned(ref, `${platform} image`);
            if (image.registry !== list.registry || image.repository !== list.repository) throw new Error(`${platform} image: ${ref} is not in the list's repository ${list.registry}/${list.repository}`);
            const file = path.join(dir, `${platform.replace("/", "-")}.spdx.json`);
            signer.log(`${platform}: SBOM of ${ref}`);
            await writeSbom(ref, file, registry);
            const attestation = await attachedBy(client, image.repository, image.digest, `${platform}: SBOM attestation`,
                () => attestSbom(ref, file, signer.key, registry));
            const signature = await attachedBy(client, image.repository, image.digest, `${platform}: signature`,
                () => sign(ref, signer.key, registry));
            await verify(ref, signer.publicKeyFile, registry);
            signer.log(`${platform}: signed ${ref} (signature ${signature}, SBOM attestation ${attestation})`);
            platforms[platform] = { signature, sbom: { digest: sha256Digest(fs.readFileSync(file)), attestation } };
        }
        const signature = await attachedBy(client, list.repository, list.digest, "list signature", () => sign(listRef, signer.key, registry));
        await verify(listRef, signer.publicKeyFile, registry);
        signer.log(`list: signed ${listRef} (signature ${signature})`);
        return { list: { digest: list.digest, signature }, platforms };
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}
