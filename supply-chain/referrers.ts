// What cosign attached to a manifest: each signature and attestation is a manifest that refers to its subject,
// listed by the registry's referrers API (Docker Hub) or, on a registry without it (registry 2.8), in an index
// under the tag `sha256-<subject hex>` (the OCI referrers tag schema); oras reads either. The manifest an
// action adds there is that signature's or attestation's digest, which the stack records.

import type { Oras } from "../manifest-list/oras.ts";

/** Runs `action`, which attaches one manifest to `subjectDigest`, and returns that manifest's digest. */
export async function attachedBy(client: Oras, repository: string, subjectDigest: string, what: string, action: () => Promise<void>): Promise<string> {
    const before = new Set(await client.referrers(repository, subjectDigest));
    await action();
    const added = (await client.referrers(repository, subjectDigest)).filter((d) => !before.has(d));
    if (added.length !== 1) {
        throw new Error(`${what}: expected one new manifest referring to ${client.reference(repository, subjectDigest)}, found ${added.length}`);
    }
    return added[0]!;
}
