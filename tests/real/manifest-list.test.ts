// The manifest-list program against the real registry, with images built by the real engine.
// What the registry holds is read with oras by the tests' own reader, not through the project's code.
//
// The tests that use the registry run one at a time (test.serial): most of them push the same list into one
// repository, and docker-registry 2.8's filesystem storage rewrites that list's link file on every push of it
// (truncated, then written), so a read of the list at that moment gets HTTP 500 "invalid checksum digest format".
// oras retries a 500 a few times; on a loaded machine the retries can all land in such windows (issue 36).

import * as path from "node:path";
import test from "ava";
import { RegistryInstance } from "../support/registryInstance.ts";
import { baseOsImage, buildAndPush, listEntries, manifestList, mustManifestList, mustRun, registry, registryManifest, uniqueNamespace } from "../support/infra.ts";

const namespace = uniqueNamespace("manifest-list");
const repository = `${namespace}/image`;
const name = () => `${registry()}/${repository}`;
const digests: Record<string, string> = {};

test.before(async () => {
    const dockerfile = `ARG BASE\nFROM \${BASE}\nRUN uname -m > /arch\n`;
    for (const platform of ["linux/amd64", "linux/arm64"]) {
        const arch = platform.split("/")[1]!;
        digests[platform] = await buildAndPush(dockerfile, platform, `${name()}:src-${arch}`, { BASE: baseOsImage() });
    }
});

const sources = (map: Record<string, string>) => Object.entries(map).flatMap(([platform, digest]) => ["--source", `${platform}=${name()}@${digest}`]);

test.serial("the list holds exactly linux/amd64 and linux/arm64, and matches what the registry serves", async (t) => {
    const result = await mustManifestList(["create", "--target", `${name()}:both`, "--target", `${name()}:both-extra`, ...sources(digests)]);
    const printed = result.stdout.trim().split("\n").pop()!;
    for (const tag of ["both", "both-extra"]) {
        const served = await registryManifest(repository, tag);
        t.is(served.status, 200);
        t.is(served.bodyDigest, printed, "the printed digest is the digest of the bytes the registry serves");
        t.is(served.headerDigest, printed);
        t.deepEqual(listEntries(served.json), digests, "each entry is the pushed per-platform digest");
        t.is(served.json!.manifests!.length, 2);
    }
});

test.serial("a rerun is idempotent: same digest, same list", async (t) => {
    const first = await mustManifestList(["create", "--target", `${name()}:rerun`, ...sources(digests)]);
    const second = await mustManifestList(["create", "--target", `${name()}:rerun`, ...sources(digests)]);
    t.is(second.stdout, first.stdout);
    t.is((await registryManifest(repository, "rerun")).bodyDigest, first.stdout.trim());
});

test.serial("a foreign digest (amd64 image given as arm64) is refused and the tag is not moved", async (t) => {
    const good = await mustManifestList(["create", "--target", `${name()}:foreign`, ...sources(digests)]);
    const bad = await manifestList(["create", "--target", `${name()}:foreign`, ...sources({ "linux/amd64": digests["linux/amd64"]!, "linux/arm64": digests["linux/amd64"]! })]);
    t.not(bad.code, 0);
    t.regex(bad.stderr, /source for linux\/arm64: .* is a linux\/amd64 image, not linux\/arm64/);
    t.is((await registryManifest(repository, "foreign")).bodyDigest, good.stdout.trim(), "the tag keeps pointing at the previous complete list");
});

test.serial("a missing or malformed digest is refused and nothing is pushed", async (t) => {
    const missing = await manifestList(["create", "--target", `${name()}:missing`, ...sources({ ...digests, "linux/arm64": `sha256:${"0".repeat(64)}` })]);
    t.not(missing.code, 0);
    t.regex(missing.stderr, /source for linux\/arm64: .* does not exist in the registry/);
    const malformed = await manifestList(["create", "--target", `${name()}:missing`, "--source", `linux/arm64=${name()}@sha256:123`]);
    t.not(malformed.code, 0);
    t.regex(malformed.stderr, /not a reference pinned by digest/);
    t.is((await registryManifest(repository, "missing")).status, 404);
});

test.serial("promotion refuses a list that lacks a configured platform", async (t) => {
    const single = await mustManifestList(["create", "--target", `${name()}:amd64-only`, ...sources({ "linux/amd64": digests["linux/amd64"]! })]);
    const promoted = await manifestList(["promote", "--target", `${name()}:9.9.9`, "--from", `${name()}@${single.stdout.trim()}`, "--platform", "linux/amd64", "--platform", "linux/arm64"]);
    t.not(promoted.code, 0);
    t.regex(promoted.stderr, /holds \[linux\/amd64\]; expected exactly \[linux\/amd64, linux\/arm64\]/);
    t.is((await registryManifest(repository, "9.9.9")).status, 404);
});

test.serial("promotion publishes the tested list byte for byte", async (t) => {
    const tested = await mustManifestList(["create", "--target", `${name()}:tested`, ...sources(digests)]);
    const promoted = await mustManifestList(["promote", "--target", `${name()}:1.0.0`, "--target", `${name()}:latest`, "--from", `${name()}@${tested.stdout.trim()}`, "--platform", "linux/amd64", "--platform", "linux/arm64"]);
    t.is(promoted.stdout, tested.stdout);
    t.is((await registryManifest(repository, "1.0.0")).bodyDigest, tested.stdout.trim());
    t.is((await registryManifest(repository, "latest")).bodyDigest, tested.stdout.trim());
});

test.serial("a source that is already an index contributes its entry for the platform", async (t) => {
    const index = await mustManifestList(["create", "--target", `${name()}:as-index`, ...sources(digests)]);
    await mustManifestList(["create", "--target", `${name()}:from-index`,
        "--source", `linux/amd64=${name()}@${digests["linux/amd64"]}`, "--source", `linux/arm64=${name()}@${index.stdout.trim()}`]);
    t.deepEqual(listEntries((await registryManifest(repository, "from-index")).json), digests);
});

test.serial("a stale local manifest list does not leak into the new list", async (t) => {
    // What `docker manifest create` leaves behind locally; the program never reads that store.
    const target = `${name()}:stale`;
    await mustRun("docker", ["manifest", "create", "--insecure", target, `${name()}@${digests["linux/amd64"]}`]);
    t.teardown(() => mustRun("docker", ["manifest", "rm", target]));
    await mustManifestList(["create", "--target", target, ...sources({ "linux/arm64": digests["linux/arm64"]! })]);
    t.deepEqual(listEntries((await registryManifest(repository, "stale")).json), { "linux/arm64": digests["linux/arm64"] });
});

test("an unreachable registry fails with a clear message", async (t) => {
    const result = await manifestList(["create", "--target", "127.0.0.1:1/x/y:z", "--source", `linux/amd64=127.0.0.1:1/x/y@${digests["linux/amd64"]}`]);
    t.not(result.code, 0);
    t.regex(result.stderr, /cannot reach the registry 127\.0\.0\.1:1 \(while trying to read 127\.0\.0\.1:1\/x\/y@sha256:/);
});

test.serial("a registry that refuses the push fails the program clearly, and the tag keeps its previous list", async (t) => {
    const previous = await mustManifestList(["create", "--target", `${name()}:refused`, ...sources({ "linux/amd64": digests["linux/amd64"]! })]);
    // The same storage, served read-only: every push is refused.
    const readOnly = new RegistryInstance(5011, { storage: path.join(process.env.UW_CACHE!, "registry", "data"), readOnly: true });
    await readOnly.start();
    try {
        const via = `127.0.0.1:5011/${repository}`;
        const refused = await manifestList(["create", "--target", `${via}:refused`,
            ...Object.entries(digests).flatMap(([platform, digest]) => ["--source", `${platform}=${via}@${digest}`])]);
        t.not(refused.code, 0);
        // The list is pushed by digest, then tagged: a list the storage already holds (another test made the
        // same one) is not pushed again, so the refusal comes at the tag.
        t.regex(refused.stderr, /127\.0\.0\.1:5011: cannot (push 127\.0\.0\.1:5011\/\S*@sha256:[0-9a-f]{64}|move 127\.0\.0\.1:5011\/\S*:refused to sha256:[0-9a-f]{64}): /);
    } finally {
        await readOnly.stop();
    }
    t.is((await registryManifest(repository, "refused")).bodyDigest, previous.stdout.trim(), "the tag still points at the previous complete list");
});

test.serial("`tags` says where each tag points; a tag moved by hand is put back by a rerun, the others left alone", async (t) => {
    const published = await mustManifestList(["create", "--target", `${name()}:kept`, "--target", `${name()}:moved`, ...sources(digests)]);
    const list = published.stdout.trim();
    // By hand: `moved` now names the amd64 image alone.
    await mustRun("oras", ["tag", "--plain-http", `${name()}@${digests["linux/amd64"]}`, "moved"]);
    const tags = await mustManifestList(["tags", "--target", `${name()}:kept`, "--target", `${name()}:moved`, "--target", `${name()}:never`]);
    t.deepEqual(JSON.parse(tags.stdout), { [`${name()}:kept`]: list, [`${name()}:moved`]: digests["linux/amd64"], [`${name()}:never`]: null });

    const rerun = await mustManifestList(["create", "--target", `${name()}:kept`, "--target", `${name()}:moved`, ...sources(digests)]);
    t.regex(rerun.stderr, /:kept already points at/);
    t.regex(rerun.stderr, new RegExp(`tagged .*:moved -> ${list} \\(was ${digests["linux/amd64"]}\\)`));
    t.is((await registryManifest(repository, "moved")).bodyDigest, list);
});
