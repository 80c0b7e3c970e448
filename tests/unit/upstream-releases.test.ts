// hermetic/upstream.py against a package index of the test's own on 127.0.0.1 (no engine, no registry):
// the current releases, noise that must never be proposed (pre-releases, development and yanked releases,
// wheels without an sdist, petsc without its petsc4py), and in some cases one newer final release. It runs
// on a copy of the inputs and locks in a git repository of its own.

import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import test from "ava";
import { run } from "../support/infra.ts";
import { literally, PROJECT_DIR, projectDefaults } from "../support/projectConfig.ts";

interface Release { readonly version: string; readonly sha256: string; readonly type?: "sdist" | "bdist_wheel"; readonly yanked?: boolean }
type Index = Record<string, Release[]>;

const fakeSha = (text: string) => createHash("sha256").update(text).digest("hex");

/** The releases the locks name today, with their real sha256: the index's "current" state. */
function currentReleases(): Index {
    const index: Index = {};
    for (const image of fs.readdirSync(path.join(PROJECT_DIR, "dockerfiles"))) {
        for (const file of ["sources.txt", "tarballs.txt"]) {
            const lock = path.join(PROJECT_DIR, "dockerfiles", image, file);
            if (!fs.existsSync(lock)) continue;
            for (const line of fs.readFileSync(lock, "utf8").split("\n")) {
                const m = /^([a-z0-9-]+)==(\S+) --hash=sha256:([0-9a-f]{64})$/.exec(line) ?? /^([a-z0-9_]+)-([0-9][^ ]*)\.tar\.gz ([0-9a-f]{64})$/.exec(line);
                if (m) (index[m[1]!] ??= []).push({ version: m[2]!, sha256: m[3]! });
            }
        }
    }
    return index;
}

/** Never proposed: a pre-release, a development release, a yanked release, a wheel-only release, a non-PEP 440 version, petsc alone. */
const NOISE: Index = {
    h5py: [{ version: "4.0.0rc1", sha256: fakeSha("h5py rc") }, { version: "1.3.0.dev-r634", sha256: fakeSha("h5py old") }],
    mpi4py: [{ version: "5.0.0.dev0", sha256: fakeSha("mpi4py dev") }, { version: "4.2.0b1", sha256: fakeSha("mpi4py beta") }],
    lavavu: [{ version: "2.0.0", sha256: fakeSha("lavavu yanked"), yanked: true }],
    underworld: [{ version: "2.18.0", sha256: fakeSha("underworld wheel"), type: "bdist_wheel" }],
    petsc: [{ version: "3.99.0", sha256: fakeSha("petsc alone") }],
};

/** Serves the index's JSON API (/pypi/<name>/json) and simple API (/simple/<name>/, PEP 691 JSON) until closed. */
async function serveIndex(index: Index): Promise<{ url: string; close: () => Promise<void> }> {
    const file = (name: string, r: Release) => ({
        filename: r.type === "bdist_wheel" ? `${name}-${r.version}-py3-none-any.whl` : `${name}-${r.version}.tar.gz`,
        packagetype: r.type ?? "sdist", yanked: r.yanked ?? false, digests: { sha256: r.sha256 }, hashes: { sha256: r.sha256 },
        url: `http://example.invalid/${name}-${r.version}`,
    });
    const server = http.createServer((request, response) => {
        const m = /^\/(?:pypi\/([^/]+)\/json|simple\/([^/]+)\/)$/.exec(request.url ?? "");
        const name = m?.[1] ?? m?.[2];
        if (name === undefined || index[name] === undefined) return void response.writeHead(404).end();
        const files = index[name].map((r) => file(name, r));
        const body = m![1] !== undefined
            ? { info: { name }, releases: Object.fromEntries(index[name].map((r, i) => [r.version, [files[i]]])) }
            : { meta: { "api-version": "1.0" }, name, files };
        response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

const GIT_ENV = { ...process.env, GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@example.org", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@example.org" };
const git = (repo: string, ...args: string[]) => execFileSync("git", args, { cwd: repo, env: GIT_ENV, encoding: "utf8" });

/** A git repository holding the project's inputs, locks and the two scripts, as committed here now. */
function inputsRepository(): string {
    const repo = fs.mkdtempSync(path.join(os.tmpdir(), "uw-upstream-"));
    for (const file of ["Pulumi.yaml", "hermetic/inputs.toml", "hermetic/lock.py", "hermetic/upstream.py"]) {
        fs.mkdirSync(path.dirname(path.join(repo, file)), { recursive: true });
        fs.copyFileSync(path.join(PROJECT_DIR, file), path.join(repo, file));
    }
    for (const image of fs.readdirSync(path.join(PROJECT_DIR, "dockerfiles"))) {
        for (const file of ["sources.txt", "tarballs.txt"]) {
            const from = path.join(PROJECT_DIR, "dockerfiles", image, file);
            if (!fs.existsSync(from)) continue;
            fs.mkdirSync(path.join(repo, "dockerfiles", image), { recursive: true });
            fs.copyFileSync(from, path.join(repo, "dockerfiles", image, file));
        }
    }
    git(repo, "init", "-q", "-b", "main");
    git(repo, "add", "-A");
    git(repo, "commit", "-q", "-m", "inputs");
    return repo;
}

async function upstream(index: Index, ...args: string[]) {
    const repo = inputsRepository();
    const server = await serveIndex(index);
    try {
        const result = await run("python3", [path.join(repo, "hermetic", "upstream.py"), "--index", server.url, ...args], { env: { ...GIT_ENV, PYTHONDONTWRITEBYTECODE: "1" } });
        return { ...result, repo };
    } finally {
        await server.close();
    }
}

const withNoise = (extra: Index = {}): Index => {
    const index = currentReleases();
    for (const source of [NOISE, extra]) for (const [name, releases] of Object.entries(source)) index[name] = [...index[name]!, ...releases];
    return index;
};

test("the index holds every tracked package at its locked version", (t) => {
    t.deepEqual(Object.keys(currentReleases()).sort(), ["h5py", "lavavu", "mpi4py", "petsc", "petsc4py", "underworld"]);
});

test("nothing newer: it says so and changes nothing, not even with --branch", async (t) => {
    const { code, stdout, stderr, repo } = await upstream(withNoise(), "--branch", "upstream-releases");
    t.is(code, 0, stderr);
    t.regex(stdout, /^Nothing new: every tracked package is at its newest final release\. Nothing was changed\.$/m);
    t.regex(stdout, new RegExp(`^ {2}petsc +${literally(projectDefaults().petscVersion)} +3\\.99\\.0 .*3\\.99\\.0 is out, but not for every package of petscVersion$`, "m"));
    t.notRegex(stdout, /4\.0\.0rc1|5\.0\.0\.dev0|4\.2\.0b1|2\.0\.0|2\.18\.0/, "pre-releases, yanked and wheel-only releases are not candidates");
    t.is(git(repo, "status", "--porcelain"), "");
    t.is(git(repo, "branch", "--format=%(refname:short)").trim(), "main");
});

interface Bump { readonly name: string; readonly extra: Index; readonly proposed: string; readonly files: string[]; readonly lines: string[] }
const BUMPS: Bump[] = [
    { name: "h5py", extra: { h5py: [{ version: "3.17.0", sha256: fakeSha("h5py 3.17.0") }] }, proposed: "h5py 3.17.0",
        files: ["dockerfiles/base/sources.txt", "hermetic/inputs.toml"], lines: [`+h5py==3.17.0 --hash=sha256:${fakeSha("h5py 3.17.0")}`, '+sources = ["h5py==3.17.0"]'] },
    { name: "lavavu", extra: { lavavu: [{ version: "1.9.11", sha256: fakeSha("lavavu 1.9.11") }] }, proposed: "lavavu 1.9.11",
        files: ["Pulumi.yaml", "dockerfiles/lavavu/sources.txt"], lines: ['+    default: "1.9.11"', `+lavavu==1.9.11 --hash=sha256:${fakeSha("lavavu 1.9.11")}`] },
    { name: "PETSc", extra: { petsc: [{ version: "3.23.0", sha256: fakeSha("petsc 3.23.0") }], petsc4py: [{ version: "3.23.0", sha256: fakeSha("petsc4py 3.23.0") }] },
        proposed: "petsc and petsc4py 3.23.0", files: ["Pulumi.yaml", "dockerfiles/petsc/sources.txt", "dockerfiles/petsc/tarballs.txt"],
        lines: ['+    default: "3.23.0"', `+petsc4py==3.23.0 --hash=sha256:${fakeSha("petsc4py 3.23.0")}`, `+petsc-3.23.0.tar.gz ${fakeSha("petsc 3.23.0")}`] },
];

for (const bump of BUMPS) {
    test(`a newer ${bump.name}: the diff names exactly that bump, and changes nothing`, async (t) => {
        const { code, stdout, stderr, repo } = await upstream(withNoise(bump.extra));
        t.is(code, 0, stderr);
        t.regex(stdout, new RegExp(`^Proposed: ${bump.proposed}; changes ${bump.files.join(", ").replaceAll(".", "\\.")}$`, "m"));
        const changed = stdout.split("\n").filter((line) => /^[+-](?![+-])/.test(line));
        t.deepEqual(changed.filter((line) => line.startsWith("+")).sort(), [...bump.lines].sort());
        t.is(changed.length, 2 * bump.lines.length, "each new line replaces one old line");
        t.is(git(repo, "status", "--porcelain"), "");
    });

    test(`a newer ${bump.name}: --branch commits exactly that bump on a new branch`, async (t) => {
        const { code, stderr, repo } = await upstream(withNoise(bump.extra), "--branch", "upstream-releases");
        t.is(code, 0, stderr);
        t.is(git(repo, "rev-parse", "--abbrev-ref", "HEAD").trim(), "upstream-releases");
        t.deepEqual(git(repo, "diff", "--name-only", "main", "HEAD").trim().split("\n"), bump.files);
        const added = git(repo, "diff", "--unified=0", "main", "HEAD").split("\n").filter((line) => /^\+(?!\+)/.test(line));
        t.deepEqual(added.sort(), [...bump.lines].sort());
        t.is(git(repo, "log", "-1", "--format=%s").trim(), `Upstream releases: ${bump.proposed}`);
        t.is(git(repo, "status", "--porcelain"), "", "everything it wrote is committed");
    });
}

test("--write (the workflow's mode) leaves the bump in the working tree and the pull request's text in --summary", async (t) => {
    const summary = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "uw-summary-")), "proposal.md");
    const { code, stderr, repo } = await upstream(withNoise(BUMPS[0]!.extra), "--write", "--summary", summary);
    t.is(code, 0, stderr);
    t.is(git(repo, "status", "--porcelain"), " M dockerfiles/base/sources.txt\n M hermetic/inputs.toml\n");
    t.is(git(repo, "rev-parse", "--abbrev-ref", "HEAD").trim(), "main");
    const text = fs.readFileSync(summary, "utf8");
    t.regex(text, /^Upstream releases: h5py 3\.17\.0\n/);
    t.regex(text, /^\| h5py \| 3\.16\.0 \| 3\.17\.0 \| hermetic\/inputs\.toml \| -> 3\.17\.0 \|$/m);
});
