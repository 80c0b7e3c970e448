// Benchmark (a script that records figures, not a test): every real image built cold for each platform, one
// build at a time on this machine, BuildKit's cache emptied before each, from the plan of a stack file (the one
// scripts/deploy-local.sh writes); then built again warm, with the cache the cold build left (what a rerun
// whose image is unchanged costs a builder that keeps its cache). Children are built FROM the lists just
// published; with --image, the parents not built in this run come from their published list tags, read once
// and pinned by digest. Writes bench/cold-builds.md: minutes per image and platform, and arm64 against amd64;
// each build's progress goes to $UW_CACHE/logs/cold-builds-<image>-<arch>-<cold|warm>.log.
// Usage: node --import tsx bench/cold-builds.ts [--stack-file Pulumi.local.yaml] [--image base]...

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { buildxCommand } from "../plan/buildxCommand.ts";
import { createListCommand } from "../components/manifestListCommand.ts";
import { architectureOf, IMAGE_NAMES, type ImageName } from "../plan/plan.ts";
import { PROJECT_DIR } from "../config/projectConfig.ts";
import { parseReference, requireDigest } from "../manifest-list/references.ts";
import { Oras } from "../manifest-list/oras.ts";
import { must, planBuildingEverything } from "./support.ts";

const { values } = parseArgs({ options: { "stack-file": { type: "string", default: "Pulumi.local.yaml" }, image: { type: "string", multiple: true } } });
const stackFile = values["stack-file"];
const selected = (values.image ?? [...IMAGE_NAMES]) as ImageName[];
for (const name of selected) if (!IMAGE_NAMES.includes(name)) throw new Error(`--image ${name}: expected one of ${IMAGE_NAMES.join(", ")}`);
const plan = await planBuildingEverything(stackFile);

// The stack file deploy-local.sh writes installs Python packages from the project's own index: serve it, as
// deploy-local.sh does (idempotent), or every build fails on a refused connection after a reboot.
must("serving the package index", "bash", ["hermetic/serve-index.sh"]);

const logDir = path.join(process.env.UW_CACHE ?? path.join(os.homedir(), ".cache", "underworld-images"), "logs");
fs.mkdirSync(logDir, { recursive: true });

const minutes: Partial<Record<ImageName, Record<string, number>>> = {};
const warmMinutes: Partial<Record<ImageName, Record<string, number>>> = {};
const lists: Partial<Record<ImageName, string>> = {};
/** A list this run does not build: where its first tag points now, pinned. */
async function publishedList(name: ImageName): Promise<string> {
    const tag = plan[name].listTags[0]!;
    const parsed = parseReference(tag)!;
    const digest = await new Oras(parsed.registry).resolve(parsed.repository, parsed.tag!);
    if (digest === undefined) throw new Error(`${name} is not built in this run and ${tag} does not exist: build it too (--image ${name})`);
    return `${plan[name].repository}@${digest}`;
}

for (const name of IMAGE_NAMES) {
    const entry = plan[name];
    if (!selected.includes(name)) {
        lists[name] = await publishedList(name);
        continue;
    }
    if (entry.sourceCheckout !== undefined) throw new Error(`${stackFile} builds underworld2 from a checkout: use the release source`);
    const parents = Object.fromEntries(Object.entries(entry.parentArgs).map(([arg, parent]) => [arg, lists[parent]!]));
    const refs: Record<string, string> = {};
    minutes[name] = {};
    warmMinutes[name] = {};
    for (const { platform, imageName } of entry.platforms) {
        must("emptying BuildKit's cache", "docker", ["buildx", "prune", "--all", "--force"]);
        const build = (how: string) => {
            const metadataFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "uw-cold-")), "metadata.json");
            console.error(`==> ${name} ${platform}: building ${how}`);
            const started = Date.now();
            // Each build's progress (every step with its seconds), to see where the minutes went.
            const log = path.join(logDir, `cold-builds-${name}-${architectureOf(platform)}-${how}.log`);
            must(`${name} ${platform}`, "docker", buildxCommand({
                context: entry.context, dockerfile: entry.dockerfile, platform, imageName,
                buildArgs: { ...entry.args, ...parents }, metadataFile, network: "host",
            }), log);
            const took = (Date.now() - started) / 60_000;
            console.error(`    ${took.toFixed(2)} min`);
            const digest = JSON.parse(fs.readFileSync(metadataFile, "utf8"))["containerimage.digest"] as string | undefined;
            return { took, ref: `${entry.repository}@${requireDigest(digest, `${name} ${platform}: pushed image`)}` };
        };
        const cold = build("cold");
        minutes[name][platform] = cold.took;
        refs[platform] = cold.ref;
        warmMinutes[name][platform] = build("warm").took;
    }
    const out = must(`${name}: its list`, "/bin/sh", ["-c", createListCommand(entry.listTags, refs)]);
    lists[name] = `${entry.repository}@${requireDigest(out.trim().split("\n").pop(), `${name}: manifest list`)}`;
}

const platforms = plan.lavavu.platforms.map((p) => p.platform);
const cell = (value: number | undefined, digits = 1) => (value === undefined ? "-" : value.toFixed(digits));
const total = (platform: string) => selected.reduce((sum, name) => sum + (minutes[name]![platform] ?? 0), 0);
const ratio = (name: ImageName | "all") => {
    const [amd64, arm64] = ["linux/amd64", "linux/arm64"].map((p) => (name === "all" ? total(p) : minutes[name]![p]));
    return amd64 && arm64 ? `${(arm64 / amd64).toFixed(2)}x` : "-";
};
const commit = must("git", "git", ["rev-parse", "--short", "HEAD"]).trim();
const recordFile = path.join(PROJECT_DIR, "bench", "cold-builds.md");
const kept = keptRows(fs.existsSync(recordFile) ? fs.readFileSync(recordFile, "utf8") : "", selected);
const lines = [
    "# Cold builds, one at a time",
    "",
    `Recorded by \`bench/cold-builds.ts\` on ${new Date().toISOString().slice(0, 10)} at commit ${commit}, on this machine (${os.cpus().length} cores):`,
    "each image built for each platform with `docker buildx`, BuildKit's cache emptied before each build, nothing else",
    "building; then built again warm, on the cache the cold build left (and pushed again). Minutes",
    "include pulling the parents and pushing the image. A row naming another commit is an image this run did not",
    "build, kept from the record before (\"-\": not measured then).",
    "",
    `| image | ${platforms.map((p) => `${p} cold (min)`).join(" | ")} | arm64 / amd64 | ${platforms.map((p) => `${p} warm (min)`).join(" | ")} |`,
    `|---|${platforms.map(() => "---|").join("")}---|${platforms.map(() => "---|").join("")}`,
    ...IMAGE_NAMES.flatMap((name) => (selected.includes(name)
        ? [`| ${name} | ${platforms.map((p) => cell(minutes[name]![p])).join(" | ")} | ${ratio(name)} | ${platforms.map((p) => cell(warmMinutes[name]![p], 2)).join(" | ")} |`]
        : kept.filter((row) => row.name === name).map((row) => padded(row.line, 2 * platforms.length + 1)))),
    `| ${selected.length === IMAGE_NAMES.length ? "all four" : selected.join(", ")}, one after another | ${platforms.map((p) => cell(total(p))).join(" | ")} | ${ratio("all")} | ${platforms.map(() => "").join(" | ")} |`,
    "",
    ...Object.entries(lists).map(([name, ref]) => `- ${name}${selected.includes(name as ImageName) ? "" : " (not built here: its published list)"}: \`${ref}\``),
    "",
];
fs.writeFileSync(recordFile, lines.join("\n"));
console.log(lines.join("\n"));

/** A table row with "-" for the cells an older record did not have (warm minutes), up to `cells` after its name. */
function padded(line: string, cells: number): string {
    const have = line.split("|").length - 3;
    return `${line}${" - |".repeat(Math.max(0, cells - have))}`;
}

/** The image rows of an earlier record for images this run does not build, each naming the commit it was recorded at. */
function keptRows(record: string, built: readonly ImageName[]): { name: ImageName; line: string }[] {
    const recordedAt = /at commit (\w+)/.exec(record)?.[1] ?? "unknown";
    return record.split("\n").flatMap((line) => {
        const cells = /^\| (\w+)(?: \(at (\w+)\))? \|(.*)$/.exec(line);
        const name = cells?.[1] as ImageName | undefined;
        if (cells === null || name === undefined || !IMAGE_NAMES.includes(name) || built.includes(name)) return [];
        return [{ name, line: `| ${name} (at ${cells[2] ?? recordedAt}) |${cells[3]}` }];
    });
}
