// What a pull request builds and tests, for the pull-request workflow (plan/changedImages.ts decides):
//
//   node --import tsx scripts/changed-images.ts select --base <rev> [--head <rev>] [--stack-file Pulumi.dev.yaml]
//       reads `git diff --name-only base...head`, and the two commits' Pulumi.yaml and stack file (their build
//       args and pins); prints why each image is selected, and writes to $GITHUB_OUTPUT (when set):
//       images=<to build and test>, build=<those and their unpinned parents>, engine-tier=true|false
//   node --import tsx scripts/changed-images.ts stack-file --out <file> --registry <host> --platform <p> --build "<images>"
//       writes the job's stack file: the committed one's keys, the job's registry and platform, and the pins
//       of the images it does not build, which it is built FROM.

import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { parse, stringify } from "yaml";
import { IMAGE_GRAPH, type ImageName } from "../config/images.ts";
import { defaultsOf, overridesOf, PROJECT_DIR } from "../config/projectConfig.ts";
import { readSettings } from "../config/settings.ts";
import { buildArgsOf, changedImages, differing, imagesToBuildFor, needsEngineTier, pullRequestStack } from "../plan/changedImages.ts";

function fail(message: string): never {
    console.error(`changed-images: ${message}`);
    process.exit(1);
}

const git = (...args: string[]) => execFileSync("git", ["-C", PROJECT_DIR, ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
/** A file as it is at `rev`, or undefined where it does not exist there. */
function fileAt(rev: string, file: string): string | undefined {
    try {
        return git("show", `${rev}:${file}`);
    } catch {
        return undefined;
    }
}

/** The images' build args and the pins at `rev`; undefined where that commit's settings cannot be read. */
function stackAt(rev: string, stackFile: string): { args?: Record<string, string>; pins: Record<string, string> } {
    const project = fileAt(rev, "Pulumi.yaml");
    const overrides = overridesOf(fileAt(rev, stackFile) ?? "");
    const pins = overrides.pins === undefined ? {} : JSON.parse(overrides.pins) as Record<string, string>;
    if (project === undefined) return { pins };
    try {
        return { args: buildArgsOf(readSettings({ ...defaultsOf(project), ...overrides }, Object.keys(overrides)), IMAGE_GRAPH), pins };
    } catch {
        return { pins }; // a commit whose settings this code cannot read: every image counts as changed
    }
}

function output(values: Record<string, string>): void {
    for (const [k, v] of Object.entries(values)) console.log(`${k}=${v}`);
    if (process.env.GITHUB_OUTPUT) fs.appendFileSync(process.env.GITHUB_OUTPUT, Object.entries(values).map(([k, v]) => `${k}=${v}\n`).join(""));
}

const [command, ...rest] = process.argv.slice(2);
if (command === "select") {
    const { values } = parseArgs({ args: rest, options: { base: { type: "string" }, head: { type: "string", default: "HEAD" }, "stack-file": { type: "string", default: "Pulumi.dev.yaml" } } });
    if (values.base === undefined) fail("select needs --base <rev>");
    const paths = git("diff", "--name-only", `${values.base}...${values.head}`).split("\n").filter((l) => l !== "");
    const before = stackAt(values.base, values["stack-file"]);
    const after = stackAt(values.head, values["stack-file"]);
    const selection = changedImages<ImageName>({
        paths,
        // A pin taken out: the image is built from its context again, as a changed one.
        argsChanged: [...differing(IMAGE_GRAPH.names, before.args, after.args), ...IMAGE_GRAPH.names.filter((n) => before.pins[n] !== undefined && after.pins[n] === undefined)],
        pinsChanged: differing(IMAGE_GRAPH.names, before.pins, after.pins).filter((n) => after.pins[n] !== undefined),
    }, IMAGE_GRAPH);
    console.error(`${paths.length} files changed`);
    for (const name of selection.images) console.error(`  ${name}: ${selection.why[name]}`);
    if (selection.images.length === 0) console.error("  no image's build or tests changed: nothing to build");
    const build = imagesToBuildFor(selection.images, Object.keys(after.pins), IMAGE_GRAPH);
    output({ images: selection.images.join(" "), build: build.join(" "), "engine-tier": String(needsEngineTier(paths)) });
} else if (command === "stack-file") {
    const { values } = parseArgs({
        args: rest,
        options: { out: { type: "string" }, registry: { type: "string" }, platform: { type: "string" }, build: { type: "string", default: "" }, "stack-file": { type: "string", default: "Pulumi.dev.yaml" } },
    });
    if (!values.out || !values.registry || !values.platform) fail("stack-file needs --out, --registry and --platform");
    const committed = (parse(fs.readFileSync(path.resolve(PROJECT_DIR, values["stack-file"]), "utf8")) as { config?: Record<string, unknown> } | null)?.config ?? {};
    const config = pullRequestStack(committed, { registry: values.registry, platform: values.platform, build: values.build.split(/\s+/).filter((s) => s !== "") });
    fs.writeFileSync(path.resolve(PROJECT_DIR, values.out), `# Written by scripts/changed-images.ts for a pull request's job; not committed.\n${stringify({ config })}`);
} else {
    fail("usage: changed-images.ts select --base <rev> [--head <rev>] | stack-file --out <file> --registry <host> --platform <p> --build \"<images>\"");
}
