// The house's one-way arrows (docs/design.md, "How it is built"): in the flow config → plan → image-tests →
// components each folder imports only the folders before it and the OCI layer under all of them (supply-chain,
// then manifest-list, which imports nothing of the program); bench/ and scripts/ never import from tests/.
// plan/ is pure: settings in, plan out; it starts no process and touches no file or network. The checks that
// do, before any resource, are components/preflight/, which imports nothing of the resources. Imports are read with
// TypeScript's own pre-processor, dynamic ones included.

import * as fs from "node:fs";
import * as path from "node:path";
import test from "ava";
import ts from "typescript";
import { PROJECT_DIR } from "../support/projectConfig.ts";

/** Each folder and the project folders its modules may import from (besides their own). */
const MAY_IMPORT: Readonly<Record<string, readonly string[]>> = {
    config: ["manifest-list"],
    plan: ["config", "manifest-list"],
    "image-tests": ["config", "plan", "supply-chain", "manifest-list"],
    components: ["config", "plan", "image-tests", "supply-chain", "manifest-list"],
    "supply-chain": ["manifest-list"],
    "manifest-list": [],
};
const NEVER_FROM_TESTS = ["bench", "scripts"];

/** What plan/ may import from outside the project: the path arithmetic and parsers of its own, nothing that does I/O. */
const PURE_PACKAGES = ["node:path", "dockerfile-ast", "smol-toml"];
/** The OCI layer's modules plan/ may import: reference parsing, which reads nothing. */
const PURE_OCI_MODULES = ["manifest-list/references.ts"];

function modules(dir: string): string[] {
    return fs.readdirSync(path.join(PROJECT_DIR, dir), { recursive: true, encoding: "utf8" })
        .filter((file) => file.endsWith(".ts"))
        .map((file) => path.join(dir, file));
}

/** What a module (at `file`, holding `source`) imports, dynamic imports included. */
function imports(file: string, source = fs.readFileSync(path.join(PROJECT_DIR, file), "utf8")): string[] {
    return ts.preProcessFile(source, true, true).importedFiles.map(({ fileName }) => fileName);
}

/** A relative import of `file`'s, as a path from the project directory. */
const resolved = (file: string, imported: string) => path.relative(PROJECT_DIR, path.resolve(PROJECT_DIR, path.dirname(file), imported));

/** The project folders a module (at `file`, holding `source`) imports from: its relative imports, resolved. */
function importedFolders(file: string, source?: string): string[] {
    return imports(file, source).filter((name) => name.startsWith(".")).map((name) => resolved(file, name).split(path.sep)[0]!);
}

for (const [dir, allowed] of Object.entries(MAY_IMPORT)) {
    test(`${dir}/ imports only from ${allowed.length > 0 ? allowed.join(", ") : "itself"}`, (t) => {
        const files = modules(dir);
        t.true(files.length >= 2, `${dir}/ holds ${files.length} modules`);
        const wrong = files.flatMap((file) => importedFolders(file)
            .filter((folder) => folder !== dir && !allowed.includes(folder))
            .map((folder) => `${file} imports from ${folder}/`));
        t.deepEqual(wrong, []);
    });
}

for (const dir of NEVER_FROM_TESTS) {
    test(`${dir}/ never imports from tests/`, (t) => {
        const files = modules(dir);
        t.true(files.length >= 2, `${dir}/ holds ${files.length} modules`);
        const wrong = files.filter((file) => importedFolders(file).includes("tests"));
        t.deepEqual(wrong, []);
    });
}

test("the check sees a wrong arrow: manifest-list importing plan, statically or dynamically", (t) => {
    const source = 'import { buildPlan } from "../plan/plan.ts";\nexport const settings = await import("../config/settings.ts");\n';
    t.deepEqual(importedFolders("manifest-list/probe.ts", source), ["plan", "config"]);
});

test("plan/ is pure: it imports nothing that starts a process or touches a file or the network", (t) => {
    const wrong = modules("plan").flatMap((file) => imports(file)
        .filter((name) => (name.startsWith(".") ? resolved(file, name).startsWith("manifest-list/") && !PURE_OCI_MODULES.includes(resolved(file, name)) : !PURE_PACKAGES.includes(name)))
        .map((name) => `${file} imports ${name}`));
    t.deepEqual(wrong, []);
});

test("components/preflight/ runs before any resource: it imports nothing of components/ but itself", (t) => {
    const wrong = modules("components/preflight").flatMap((file) => imports(file)
        .filter((name) => name.startsWith(".") && resolved(file, name).startsWith("components/") && !resolved(file, name).startsWith("components/preflight/"))
        .map((name) => `${file} imports ${name}`));
    t.deepEqual(wrong, []);
});
