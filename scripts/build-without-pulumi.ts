// The stack's plan built with docker buildx and no Pulumi engine, for a machine where the provider plugins
// cannot be installed. Same Dockerfiles, contexts, build args and order as `pulumi up`: each image's
// platforms are built and pushed, each on its engine (the stack's `builders`, else the default engine), its
// image tests run there, and only then is its list published. Nothing is recorded in Pulumi state: it
// prints each list's digest, to pin or to pull.
//
//   node --import tsx scripts/build-without-pulumi.ts [--stack-file Pulumi.local.yaml] [--image <name>]...
//
// --image limits the run to some images (default: every image the plan builds); an image built from another
// needs that one in the run too, or pinned in the stack file.

import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { buildxCommand } from "../plan/buildxCommand.ts";
import { buildersOf, engineEnvironment } from "../plan/engines.ts";
import { imageTestExpectations } from "../plan/imageTestExpectations.ts";
import { loadStack } from "../components/preflight/loadStack.ts";
import { imagesToBuild, type ImageName } from "../plan/plan.ts";
import { PROJECT_DIR, projectDefaults, stackOverrides } from "../config/projectConfig.ts";
import { ConfigError } from "../config/settings.ts";
import { imageTestsCommand, imageTestsInputs } from "../components/imageTestsCommand.ts";
import { createListCommand } from "../components/manifestListCommand.ts";
import { requireDigest } from "../manifest-list/references.ts";

function fail(message: string): never {
    console.error(`build-without-pulumi: ${message}`);
    process.exit(1);
}

/** Runs a command line from the project directory, its output shown as it comes; returns stdout. */
function runShown(description: string, command: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): string {
    console.error(`==> ${description}`);
    const started = Date.now();
    const result = spawnSync(command, args, { cwd: PROJECT_DIR, env, stdio: ["ignore", "pipe", "inherit"], encoding: "utf8", maxBuffer: 64 << 20 });
    if (result.status !== 0) fail(`${description} failed (exit ${result.status ?? result.signal}); nothing of it was published`);
    const seconds = (Date.now() - started) / 1000;
    console.error(`    done in ${seconds < 120 ? `${seconds.toFixed(0)} s` : `${(seconds / 60).toFixed(1)} min`}`);
    return result.stdout;
}

const { values } = parseArgs({
    options: {
        "stack-file": { type: "string", default: "Pulumi.local.yaml" },
        image: { type: "string", multiple: true, default: [] },
    },
});
const stackFile = values["stack-file"];
if (!fs.existsSync(path.resolve(PROJECT_DIR, stackFile))) fail(`no stack file ${stackFile} (scripts/deploy-local.sh writes Pulumi.local.yaml)`);

const raw = { ...projectDefaults(), ...stackOverrides(stackFile) };
if (raw.registryUsername) fail(`${stackFile} sets registryUsername: this script pushes with Docker's own login only; use pulumi up`);
let loaded;
try {
    loaded = await loadStack({ raw, presentKeys: Object.keys(raw), secretKeys: [] });
} catch (error) {
    if (error instanceof ConfigError) fail(`${stackFile}:\n${error.message}`);
    throw error;
}
// An image built from a checkout (underworld2) as it is built: the checkout staged, with its own version and commit.
const { settings, plan, underworld } = loaded;

const planned = imagesToBuild(plan);
const unknown = values.image.filter((name) => !planned.some((e) => e.name === name));
if (unknown.length > 0) fail(`--image ${unknown.join(", ")}: not built by this plan; it builds ${planned.map((e) => e.name).join(", ")}`);
const chosen = values.image.length === 0 ? planned : planned.filter((e) => values.image.includes(e.name));
for (const entry of chosen) {
    const missing = Object.values(entry.parentArgs).filter((parent) => plan[parent].action === "build" && !chosen.some((e) => e.name === parent));
    if (missing.length > 0) fail(`--image ${entry.name} is built from ${missing.join(", ")}: add --image ${missing.join(" --image ")}, or pin it in ${stackFile}`);
}

const lists: Partial<Record<ImageName, string>> = {};
for (const { name } of chosen) {
    const entry = plan[name];
    const parents = Object.fromEntries(Object.entries(entry.parentArgs).map(([arg, parent]) => [arg, lists[parent] ?? plan[parent].pin!]));
    const refs: Record<string, string> = {};
    for (const { platform, imageName, builder } of entry.platforms) {
        const metadataFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "uw-build-")), "metadata.json");
        runShown(`${entry.name} ${platform}: building ${imageName}${builder === undefined ? "" : ` on ${builder}`}`, "docker",
            buildxCommand({ context: entry.context, dockerfile: entry.dockerfile, platform, imageName, buildArgs: { ...entry.args, ...parents }, metadataFile, network: settings.buildNetwork }),
            engineEnvironment(builder));
        const pushed = JSON.parse(fs.readFileSync(metadataFile, "utf8"))["containerimage.digest"] as string | undefined;
        refs[platform] = `${entry.repository}@${requireDigest(pushed, `${entry.name} ${platform}: pushed image`)}`;
        fs.rmSync(path.dirname(metadataFile), { recursive: true, force: true });
    }
    if (settings.testImages) {
        const { expectations } = imageTestsInputs(settings.dockerfilesDir, entry.name, entry.testSuites, imageTestExpectations(settings, underworld), Object.keys(refs));
        runShown(`${entry.name}: image tests`, "/bin/sh", ["-c", imageTestsCommand(settings.dockerfilesDir, entry.name, entry.testSuites, refs, expectations, buildersOf([entry]))]);
    }
    const out = runShown(`${entry.name}: publishing its list as ${entry.listTags.join(", ")}`, "/bin/sh", ["-c", createListCommand(entry.listTags, refs)]);
    lists[entry.name] = `${entry.repository}@${requireDigest(out.trim().split("\n").pop(), `${entry.name}: manifest list`)}`;
}

for (const [name, ref] of Object.entries(lists)) console.log(`${name.padEnd(12)} ${ref}`);
