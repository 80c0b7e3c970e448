// Every version a stack asks for is locked before anything builds: the preflight's check against the lock
// files, its reading of hermetic/inputs.toml, and hermetic/lock.py locking every version a stack file names.

import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import test from "ava";
import { INPUTS_FILE, versionedInputs } from "../../plan/lockedVersions.ts";
import { lockFileProblems } from "../../components/preflight/checks.ts";
import { buildPlan } from "../../plan/plan.ts";
import { readSettings } from "../../config/settings.ts";
import { configWith, DIGEST_B, PROJECT_DIR, projectDefaults } from "../support/projectConfig.ts";

const work = fs.mkdtempSync(path.join(os.tmpdir(), "uw-locks-"));
test.after.always(() => fs.rmSync(work, { recursive: true, force: true }));
let n = 0;

/** A copy of the fixture build contexts, with their lock files. */
function fixtureContexts(): string {
    const dir = path.join(work, `dockerfiles-${n++}`);
    fs.cpSync(path.join(PROJECT_DIR, "tests", "fixtures", "dockerfiles"), dir, { recursive: true });
    return dir;
}
const problemsFor = (overrides: Record<string, string>) => {
    const settings = readSettings(configWith(overrides));
    return lockFileProblems(settings, buildPlan(settings));
};

test("inputs.toml's versioned inputs, as Python's TOML parser (hermetic/lock.py's) reads them", (t) => {
    const python = execFileSync("python3", ["-c", `
import json, re, sys, tomllib
inputs = tomllib.load(open(sys.argv[1], "rb"))
print(json.dumps([{"image": image, "kind": kind, "name": m[1], "key": m[2]}
    for image, spec in inputs.items() for kind in ("sources", "tarballs") for item in spec.get(kind, [])
    if (m := re.match(r"^([A-Za-z0-9_.-]+)==\\{(\\w+)\\}$", item))]))`, INPUTS_FILE]).toString();
    const expected = JSON.parse(python) as unknown[];
    t.deepEqual(versionedInputs(fs.readFileSync(INPUTS_FILE, "utf8")), expected);
    t.true(expected.length >= 4, "petsc's sdist and tarball, lavavu, underworld");
});

test("the real build contexts lock Pulumi.yaml's versions", (t) => {
    t.deepEqual(problemsFor({}), []);
});

test("the fixture build contexts lock Pulumi.yaml's versions too, as the real ones do", (t) => {
    t.deepEqual(problemsFor({ dockerfilesDir: fixtureContexts() }), []);
});

test("a PETSc version no lock file holds is refused, naming the key, the version, what is missing and the command", (t) => {
    const dockerfiles = fixtureContexts();
    const problems = problemsFor({ dockerfilesDir: dockerfiles, petscVersion: "3.23.0" });
    t.is(problems.length, 1, problems.join("\n"));
    t.true(problems[0]!.startsWith("underworld-images:petscVersion: 3.23.0 is not locked"), problems[0]);
    t.true(problems[0]!.includes(`${path.join(dockerfiles, "petsc", "tarballs.txt")} has no petsc-3.23.0.tar.gz`), problems[0]);
    t.true(problems[0]!.includes(`${path.join(dockerfiles, "petsc", "sources.txt")} has no petsc4py==3.23.0`), problems[0]);
    t.true(problems[0]!.includes(`\`python3 hermetic/lock.py --version petscVersion=3.23.0 --dockerfiles ${dockerfiles}\``), problems[0]);
});

test("the command for the real build contexts needs no --dockerfiles", (t) => {
    const problems = problemsFor({ lavavuVersion: "1.9.9" });
    t.deepEqual(problems.map((p) => /`([^`]+)`/.exec(p)?.[1]), ["python3 hermetic/lock.py --version lavavuVersion=1.9.9"]);
});

test("lock files holding a second PETSc version serve both versions", (t) => {
    const dockerfiles = fixtureContexts();
    fs.appendFileSync(path.join(dockerfiles, "petsc", "tarballs.txt"), `petsc-3.23.0.tar.gz ${"1".repeat(64)}\n`);
    fs.appendFileSync(path.join(dockerfiles, "petsc", "sources.txt"), `petsc4py==3.23.0 --hash=sha256:${"2".repeat(64)}\n`);
    t.deepEqual(problemsFor({ dockerfilesDir: dockerfiles, petscVersion: "3.23.0" }), []);
    t.deepEqual(problemsFor({ dockerfilesDir: dockerfiles }), []);
});

test("only images the run builds need their versions locked", (t) => {
    const pinned = JSON.stringify({ petsc: `127.0.0.1:5000/uw/petsc@${DIGEST_B}` });
    t.deepEqual(problemsFor({ petscVersion: "3.23.0", pins: pinned }), [], "petsc is pinned: nothing is built from its lock");
});

test("underworld2 built from a checkout needs no locked underworldVersion", (t) => {
    t.is(problemsFor({ underworldVersion: "2.99.0" }).length, 1);
    t.deepEqual(problemsFor({ underworldVersion: "2.99.0", underworldSource: "/some/checkout" }), []);
});

test("lock.py locks Pulumi.yaml's versions and every version a stack file names", (t) => {
    const project = path.join(work, `project-${n++}`);
    fs.mkdirSync(project);
    fs.cpSync(path.join(PROJECT_DIR, "hermetic"), path.join(project, "hermetic"), { recursive: true });
    fs.copyFileSync(path.join(PROJECT_DIR, "Pulumi.yaml"), path.join(project, "Pulumi.yaml"));
    fs.writeFileSync(path.join(project, "Pulumi.petsc323.yaml"), 'config:\n  underworld-images:petscVersion: "3.23.0"\n  underworld-images:tag: petsc323\n');
    const d = projectDefaults();
    // A stack file naming Pulumi.yaml's own version locks it once.
    fs.writeFileSync(path.join(project, "Pulumi.lavavu.yaml"), `config:\n  underworld-images:lavavuVersion: "1.9.9"\n  underworld-images:petscVersion: "${d.petscVersion}"\n`);
    const listed = execFileSync("python3", [path.join(project, "hermetic", "lock.py"), "--list"]).toString();
    const versions = (...of: string[]) => [...new Set(of)].sort((a, b) => a.localeCompare(b, "en", { numeric: true })).join(" ");
    t.deepEqual(listed.trim().split("\n"), [
        `lavavuVersion ${versions("1.9.9", d.lavavuVersion)}`, `petscVersion ${versions(d.petscVersion, "3.23.0")}`, `underworldVersion ${d.underworldVersion}`,
    ]);
});
