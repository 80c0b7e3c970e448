// What stack-diff reads as each side: stack outputs, stack files (now and at a commit), list references;
// and the package records of an image's files, read by dpkg and Python's packaging.

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import test from "ava";
import { stringify } from "yaml";
import { debianPackages, pythonPackages } from "../../scripts/stack-diff/packageRecords.ts";
import { loadSide, parseSide, sideOfOutputs, sideOfReference, sideOfStackFile } from "../../scripts/stack-diff/sides.ts";
import { DIGEST_A, DIGEST_B, DIGEST_C, PROJECT_DIR } from "../support/projectConfig.ts";

const parsed: Array<[string, ReturnType<typeof parseSide>]> = [
    ["stack:dev", { kind: "stack", stack: "dev" }],
    ["outputs:paper-2025.json", { kind: "outputs", file: "paper-2025.json" }],
    ["git:v1.0:Pulumi.dev.yaml", { kind: "git", commit: "v1.0", file: "Pulumi.dev.yaml" }],
    ["git:main@{2025-01-01 10:00}:Pulumi.release.yaml", { kind: "git", commit: "main@{2025-01-01 10:00}", file: "Pulumi.release.yaml" }],
    ["file:Pulumi.dev.yaml", { kind: "file", file: "Pulumi.dev.yaml" }],
    [`ref:127.0.0.1:5000/uw/base@${DIGEST_A}`, { kind: "ref", reference: `127.0.0.1:5000/uw/base@${DIGEST_A}` }],
];
parsed.forEach(([text, expected], i) => test(`[${i}] parseSide(${text})`, (t) => t.deepEqual(parseSide(text), expected)));

for (const bad of ["dev", "stack:", "git:HEAD", "ref:Not A Reference", "tag:dev"]) {
    test(`parseSide refuses ${JSON.stringify(bad)}, listing the forms it takes`, (t) => {
        t.throws(() => parseSide(bad), { message: /is not something stack-diff compares; give one of:\n {2}stack:<name>[\s\S]*ref:<reference>/ });
    });
}

test("stack outputs give every image's list and the flattened versions", (t) => {
    const outputs = {
        digests: { lavavu: `r/lavavu@${DIGEST_A}`, underworld2: `r/underworld2@${DIGEST_B}` },
        versions: { python: "3.11", mpi: { flavour: "ompi", version: "4.1.4" } },
        images: {},
    };
    t.deepEqual(sideOfOutputs("stack dev", JSON.stringify(outputs)), {
        label: "stack dev", images: outputs.digests, versions: { python: "3.11", "mpi.flavour": "ompi", "mpi.version": "4.1.4" }, notes: [],
    });
    t.throws(() => sideOfOutputs("outputs x.json", "{}"), { message: /^outputs x\.json: has no "digests" output/ });
    t.throws(() => sideOfOutputs("outputs x.json", "not json"), { message: /^outputs x\.json: not JSON/ });
});

const pulumiYaml = () => fs.readFileSync(path.join(PROJECT_DIR, "Pulumi.yaml"), "utf8");
const stackFile = (config: Record<string, unknown>) => stringify({ config: Object.fromEntries(Object.entries(config).map(([k, v]) => [`underworld-images:${k}`, v])) });

test("a stack file gives its pins, never underworld2, and the versions it defines with its project's defaults", (t) => {
    const pins = { toolchain: `docker.io/uw/toolchain@${DIGEST_A}`, lavavu: `docker.io/uw/lavavu@${DIGEST_A}`, petsc: `docker.io/uw/petsc@${DIGEST_B}`, base: `docker.io/uw/base@${DIGEST_C}` };
    const side = sideOfStackFile("Pulumi.dev.yaml at abc1234", pulumiYaml(), stackFile({ petscVersion: "3.23.1", pins, registryPassword: { secure: "v1:abc" } }));
    t.deepEqual(side.images, pins);
    t.like(side.versions, { petsc: "3.23.1", python: "3.11", "mpi.flavour": "ompi" });
    t.regex(side.notes.join(), /names only its pinned images \(toolchain, lavavu, petsc, base\); underworld2 .* is not compared/);
});

test("a stack file with no pins names no image; one the program would refuse is refused with its problems", (t) => {
    const side = sideOfStackFile("Pulumi.dev.yaml", pulumiYaml(), stackFile({ channel: "dev" }));
    t.deepEqual(side.images, {});
    t.regex(side.notes.join(), /no pins/);
    t.throws(() => sideOfStackFile("Pulumi.release.yaml", pulumiYaml(), stackFile({ channel: "release", tag: "2.17.3" })),
        { message: /^Pulumi\.release\.yaml is not a stack file the program would run:\n {2}- underworld-images:pins\.toolchain/ });
});

test("a stack file at a commit is read with that commit's Pulumi.yaml", async (t) => {
    const side = await loadSide({ kind: "git", commit: "HEAD", file: "Pulumi.dev.yaml" });
    t.regex(side.label, /^Pulumi\.dev\.yaml at HEAD \([0-9a-f]{7,}\)$/);
    t.deepEqual(Object.keys(side.versions!).sort(), ["baseOsImage", "lavavu", "mpi.flavour", "mpi.version", "petsc", "python", "underworld"]);
    await t.throwsAsync(loadSide({ kind: "git", commit: "no-such-commit", file: "Pulumi.dev.yaml" }), { message: /git rev-parse/ });
});

test("a list reference is one image, named after its repository", (t) => {
    t.deepEqual(sideOfReference("127.0.0.1:5000/uw/underworld2:dev", `127.0.0.1:5000/uw/underworld2@${DIGEST_A}`), {
        label: "127.0.0.1:5000/uw/underworld2:dev", images: { underworld2: `127.0.0.1:5000/uw/underworld2@${DIGEST_A}` }, notes: [],
    });
});

test("pip freeze records: pinned lines, and packages installed from a local wheel at the wheel's version", async (t) => {
    const freeze = [
        "# written by pip freeze", "numpy==1.26.4", "Jupyter_Server==2.14.0",
        "mpi4py @ file:///tmp/wheels/mpi4py-4.1.2-cp311-cp311-linux_aarch64.whl", "-e git+https://example.org/x#egg=x", "",
    ].join("\n");
    t.deepEqual(await pythonPackages(freeze), { numpy: "1.26.4", "jupyter-server": "2.14.0", mpi4py: "4.1.2" });
});

test("a dpkg status file: the installed packages only, not those removed with their configuration left", async (t) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "uw-dpkg-"));
    const entry = (name: string, status: string, version: string) =>
        `Package: ${name}\nStatus: ${status}\nPriority: optional\nArchitecture: amd64\nVersion: ${version}\nDescription: ${name}\n`;
    fs.writeFileSync(path.join(dir, "status"), [entry("libc6", "install ok installed", "2.36-9+deb12u10"), entry("old", "deinstall ok config-files", "1.0"),
        entry("tzdata", "install ok installed", "2025b-0+deb12u1")].join("\n"));
    try {
        t.deepEqual(await debianPackages(dir), { libc6: "2.36-9+deb12u10", tzdata: "2025b-0+deb12u1" });
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
});
