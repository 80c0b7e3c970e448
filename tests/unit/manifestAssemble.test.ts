import test from "ava";
import { assertExactPlatforms, entryForPlatform, listBytes, type Descriptor } from "../../manifest-list/assemble.ts";
import { MEDIA_TYPES, sha256Digest, type FetchedManifest } from "../../manifest-list/manifest.ts";
import { DIGEST_A, DIGEST_B, DIGEST_C } from "../support/projectConfig.ts";

const amd64: Descriptor = { mediaType: MEDIA_TYPES.dockerManifest, digest: DIGEST_A, size: 10, platform: { os: "linux", architecture: "amd64" } };
const arm64: Descriptor = { mediaType: MEDIA_TYPES.dockerManifest, digest: DIGEST_B, size: 11, platform: { os: "linux", architecture: "arm64" } };

function fetched(json: Record<string, unknown>): FetchedManifest {
    const bytes = Buffer.from(JSON.stringify(json));
    return { mediaType: String(json.mediaType), digest: sha256Digest(bytes), bytes, json };
}

test("a list of Docker manifests is a Docker manifest list, the same bytes every time", (t) => {
    const first = listBytes([amd64, arm64]);
    t.is(first.mediaType, MEDIA_TYPES.dockerList);
    t.deepEqual(listBytes([amd64, arm64]).bytes, first.bytes);
    const parsed = JSON.parse(first.bytes.toString());
    t.deepEqual(parsed.manifests.map((m: Descriptor) => m.digest), [DIGEST_A, DIGEST_B]);
});

test("OCI sources give an OCI index", (t) => {
    t.is(listBytes([{ ...amd64, mediaType: MEDIA_TYPES.ociManifest }]).mediaType, MEDIA_TYPES.ociIndex);
});

test("the platform entry of an index is found, attestations aside", (t) => {
    const index = fetched({
        mediaType: MEDIA_TYPES.ociIndex,
        manifests: [
            { ...arm64, mediaType: MEDIA_TYPES.ociManifest },
            { mediaType: MEDIA_TYPES.ociManifest, digest: DIGEST_C, size: 5, platform: { os: "unknown", architecture: "unknown" } },
        ],
    });
    t.is(entryForPlatform(index, "linux/arm64", "src").digest, DIGEST_B);
    t.throws(() => entryForPlatform(index, "linux/amd64", "src"), { message: /holding linux\/arm64, unknown\/unknown; expected exactly one linux\/amd64/ });
});

test("a list must hold exactly the configured platforms", (t) => {
    const both = fetched(JSON.parse(listBytes([amd64, arm64]).bytes.toString()));
    t.notThrows(() => assertExactPlatforms(both, ["linux/arm64", "linux/amd64"], "l"));
    t.throws(() => assertExactPlatforms(both, ["linux/amd64"], "l"), { message: /holds \[linux\/amd64, linux\/arm64\]; expected exactly \[linux\/amd64\]/ });
    const one = fetched(JSON.parse(listBytes([amd64]).bytes.toString()));
    t.throws(() => assertExactPlatforms(one, ["linux/amd64", "linux/arm64"], "l"));
    t.throws(() => assertExactPlatforms(fetched({ mediaType: MEDIA_TYPES.dockerManifest }), ["linux/amd64"], "l"), { message: /not a manifest list/ });
});
