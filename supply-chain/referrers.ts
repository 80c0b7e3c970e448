// What cosign attached to a manifest, as the registry lists it. cosign pushes each signature and attestation
// as a manifest that refers to its subject; a registry without the referrers API (registry 2.8) lists them in
// an index under the tag `sha256-<subject hex>` (the OCI referrers tag schema). The manifest an action adds
// there is that signature's or attestation's digest, which the stack records.

import type { Oras } from "../manifest-list/oras.ts";

function referrersTag(subjectDigest: string): string {
    return subjectDigest.replace(":", "-");
}

/** Digests of what refers to `subjectDigest` in `repository` (empty when nothing does). */
export async function referrers(client: Oras, repository: string, subjectDigest: string): Promise<string[]> {
    const index = await client.fetchManifest(repository, referrersTag(subjectDigest));
    return ((index?.json.manifests as { digest: string }[] | undefined) ?? []).map((m) => m.digest);
}

/** Runs `action`, which attaches one manifest to `subjectDigest`, and returns that manifest's digest. */
export async function attachedBy(client: Oras, repository: string, subjectDigest: string, what: string, action: () => Promise<void>): Promise<string> {
    const before = new Set(await referrers(client, repository, subjectDigest));
    await action();
    const added = (await referrers(client, repository, subjectDigest)).filter((d) => !before.has(d));
    if (added.length !== 1) {
        throw new Error(`${what}: expected one new manifest referring to ${subjectDigest} under ${client.reference(repository, referrersTag(subjectDigest))}, found ${added.length}`);
    }
    return added[0]!;
}
