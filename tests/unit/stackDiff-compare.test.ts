// stack-diff's comparison, with the registry replaced by records in memory and the real version orders
// (dpkg, Python's packaging): what counts as added, removed, upgraded and downgraded, and what is never read.

import test from "ava";
import { compareSides, flattenVersions, packageDiff, repositoryOf, versionRows, type PlatformRecord, type RecordSource, type Side } from "../../scripts/stack-diff/compare.ts";
import { debianOrder, pythonOrder } from "../../scripts/stack-diff/packageRecords.ts";
import { listPlatforms } from "../../scripts/stack-diff/registryRecords.ts";
import { renderDiff } from "../../scripts/stack-diff/render.ts";
import { DIGEST_A, DIGEST_B, DIGEST_C } from "../support/projectConfig.ts";

const orders = { debian: debianOrder, python: pythonOrder };

test("Debian versions are ordered by dpkg: revisions, epochs and tildes", async (t) => {
    const diff = await packageDiff(
        { libc6: "2.36-9+deb12u9", tzdata: "2025a-0+deb12u1", libsensors5: "1:3.6.0-7.1", mesa: "22.3.6-1+deb12u1", gone: "1.0-1", same: "5" },
        { libc6: "2.36-9+deb12u10", tzdata: "2024b-0+deb12u1", libsensors5: "3.7.0-1", mesa: "22.3.6-1+deb12u1~rc1", fresh: "0.1-1", same: "5" },
        debianOrder);
    t.deepEqual(diff.upgraded, [{ name: "libc6", from: "2.36-9+deb12u9", to: "2.36-9+deb12u10" }]);
    t.deepEqual(diff.downgraded.map((c) => c.name), ["libsensors5", "mesa", "tzdata"], "an epoch outranks the version; ~ sorts before the release");
    t.deepEqual(diff.added, [{ name: "fresh", version: "0.1-1" }]);
    t.deepEqual(diff.removed, [{ name: "gone", version: "1.0-1" }]);
    t.deepEqual(diff.changed, []);
    t.is(diff.unchanged, 1);
});

test("Python versions are ordered by PEP 440; what it cannot order, or finds equal, is 'changed'", async (t) => {
    const diff = await packageDiff(
        { numpy: "1.26.4", scipy: "1.14.0", h5py: "3.16.0", tool: "git+https://example.org/tool", zeros: "1.0" },
        { numpy: "2.0.0", scipy: "1.14.0rc1", h5py: "3.16.0.post1", tool: "git+https://example.org/tool@v2", zeros: "1.0.0" },
        pythonOrder);
    t.deepEqual(diff.upgraded.map((c) => c.name), ["h5py", "numpy"]);
    t.deepEqual(diff.downgraded.map((c) => c.name), ["scipy"], "a release candidate comes before its release");
    t.deepEqual(diff.changed.map((c) => c.name), ["tool", "zeros"]);
});

test("flattened versions compare key by key, keys on one side only included", (t) => {
    const from = flattenVersions({ python: "3.11", mpi: { flavour: "ompi", version: "4.1.4" } });
    t.deepEqual(from, { python: "3.11", "mpi.flavour": "ompi", "mpi.version": "4.1.4" });
    t.deepEqual(versionRows(from, { python: "3.11", "mpi.flavour": "mpich", petsc: "3.22.2" }), [
        { key: "python", from: "3.11", to: "3.11", changed: false },
        { key: "mpi.flavour", from: "ompi", to: "mpich", changed: true },
        { key: "mpi.version", from: "4.1.4", to: null, changed: true },
        { key: "petsc", from: null, to: "3.22.2", changed: true },
    ]);
    t.is(versionRows(undefined, undefined), null);
});

test("a list's platforms leave BuildKit's attestation entries out", (t) => {
    t.deepEqual(listPlatforms({ manifests: [
        { digest: DIGEST_A, platform: { os: "linux", architecture: "amd64" } },
        { digest: DIGEST_B, platform: { os: "linux", architecture: "arm64" } },
        { digest: DIGEST_C, platform: { os: "unknown", architecture: "unknown" } },
    ] }), { "linux/amd64": DIGEST_A, "linux/arm64": DIGEST_B });
});

test("repositoryOf drops the tag or digest, not a registry's port", (t) => {
    t.is(repositoryOf(`127.0.0.1:5000/uw/base@${DIGEST_A}`), "127.0.0.1:5000/uw/base");
    t.is(repositoryOf("127.0.0.1:5000/uw/base:dev"), "127.0.0.1:5000/uw/base");
    t.is(repositoryOf("docker.io/underworldcode/underworld2"), "docker.io/underworldcode/underworld2");
    t.throws(() => repositoryOf("Not A Reference"), { message: /is not an image reference/ });
});

/** A registry in memory: lists by reference, records by digest; counts the records read. */
function memory(lists: Record<string, Record<string, string>>, records: Record<string, PlatformRecord>) {
    const read: string[] = [];
    const source: RecordSource = {
        platforms: async (reference) => lists[reference]!,
        record: async (repository, digest) => {
            read.push(`${repository}@${digest}`);
            return records[digest]!;
        },
    };
    return { source, read };
}

const record = (layer: string, debian: Record<string, string> | null, python: Record<string, string> | null = {}): PlatformRecord =>
    ({ baseOsLayer: layer, baseName: null, debian, python });
const ref = (image: string, list: string) => `127.0.0.1:5000/uw/${image}@${list}`;
const LISTS = { from: `sha256:${"1".repeat(64)}`, to: `sha256:${"2".repeat(64)}`, same: `sha256:${"3".repeat(64)}` };

test("two stacks: an unchanged image is never read; a changed one is compared per platform; one side's extras named", async (t) => {
    const { source, read } = memory({
        [ref("petsc", LISTS.same)]: { "linux/amd64": DIGEST_A },
        [ref("base", LISTS.from)]: { "linux/amd64": DIGEST_B, "linux/arm64": DIGEST_C },
        [ref("base", LISTS.to)]: { "linux/amd64": `sha256:${"d".repeat(64)}`, "linux/arm64": DIGEST_C },
    }, {
        [DIGEST_B]: record("sha256:os1", { libc6: "2.36-9", curl: "7.88" }, null),
        [`sha256:${"d".repeat(64)}`]: record("sha256:os2", { libc6: "2.36-10", extra: "1.0" }, { numpy: "1.26.4" }),
    });
    const from: Side = { label: "A", images: { petsc: ref("petsc", LISTS.same), base: ref("base", LISTS.from), lavavu: ref("lavavu", LISTS.from) }, versions: { petsc: "3.22.2" }, notes: [] };
    const to: Side = { label: "B", images: { petsc: ref("petsc", LISTS.same), base: ref("base", LISTS.to), underworld2: ref("underworld2", LISTS.to) }, versions: { petsc: "3.23.0" }, notes: ["n"] };
    const diff = await compareSides(from, to, source, orders);

    t.deepEqual(read, [`127.0.0.1:5000/uw/base@${DIGEST_B}`, `127.0.0.1:5000/uw/base@sha256:${"d".repeat(64)}`], "only the one changed platform image, once per side");
    t.deepEqual(diff.images.map((i) => [i.image, i.status]), [["petsc", "unchanged"], ["base", "changed"], ["lavavu", "only in from"], ["underworld2", "only in to"]]);
    const base = diff.images[1]!;
    t.deepEqual(base.platforms.map((p) => [p.platform, p.status]), [["linux/amd64", "changed"], ["linux/arm64", "same image"]]);
    const amd64 = base.platforms[0]!;
    t.deepEqual(amd64.baseOs, { from: { layer: "sha256:os1", name: null }, to: { layer: "sha256:os2", name: null }, layerChanged: true });
    t.like(amd64.debian, { added: [{ name: "extra", version: "1.0" }], removed: [{ name: "curl", version: "7.88" }], upgraded: [{ name: "libc6", from: "2.36-9", to: "2.36-10" }] });
    t.deepEqual(amd64.python, { notRecordedIn: ["from"] });
    t.deepEqual(diff.versions, [{ key: "petsc", from: "3.22.2", to: "3.23.0", changed: true }]);

    const text = renderDiff(diff);
    t.regex(text, /^ {2}petsc +3\.22\.2 +3\.23\.0 +changed$/m);
    t.regex(text, /^base: changed$/m);
    t.regex(text, /^ {4}base OS layer: changed, sha256:os1 -> sha256:os2$/m);
    t.regex(text, /^ {4}Debian: 1 added, 1 removed, 1 upgraded, 0 downgraded; 0 the same$/m);
    t.regex(text, /^ {4}Python: not recorded in the from image$/m);
    t.regex(text, /^ {6}Debian +added +extra +1\.0$/m);
    t.regex(text, /^ {6}Debian +upgraded +libc6 +2\.36-9 +2\.36-10$/m);
    t.regex(text, /^ {2}linux\/arm64: the same image/m);
    t.regex(text, /^lavavu: only in from/m);
    t.regex(text, /^ {6}\(n\)$/m, "a side's notes are shown");
});
