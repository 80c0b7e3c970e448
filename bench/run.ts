// Benchmark on the fixture configuration (a script that records figures, not a test): cold up, no-op up,
// preview and an underworld2-only rebuild, beside an empty Pulumi program's up (the engine's floor) and
// the plain sequential script maintainers run by hand. Medians of several runs go to bench/results.md.
// Usage: node --import tsx bench/run.ts [runs]   (after scripts/setup.sh; needs the provider plugins)

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PulumiProject, missingForEndToEnd, run, uniqueNamespace } from "../scripts/scratch-project.ts";
import { PROJECT_DIR } from "../config/projectConfig.ts";

const RUNS = Number(process.argv[2] ?? 3);
const missing = missingForEndToEnd();
if (missing !== undefined) {
    console.error(`bench: cannot run without ${missing}`);
    process.exit(1);
}

async function timed(label: string, action: () => Promise<{ code: number; stdout: string; stderr: string }>): Promise<number> {
    const started = process.hrtime.bigint();
    const result = await action();
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (result.code !== 0) throw new Error(`${label} failed:\n${result.stdout}\n${result.stderr}`);
    console.error(`bench: ${label}: ${seconds.toFixed(1)} s`);
    return seconds;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const samples: Record<string, number[]> = {};
const record = (key: string, seconds: number) => (samples[key] ??= []).push(seconds);

function emptyProgram(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "uw-empty-"));
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: empty\nruntime:\n  name: nodejs\n  options:\n    typescript: false\n    nodeargs: \"--import tsx\"\n");
    fs.writeFileSync(path.join(dir, "package.json"), '{ "name": "empty", "type": "module", "main": "index.ts" }\n');
    fs.writeFileSync(path.join(dir, "index.ts"), "export {};\n");
    fs.symlinkSync(path.join(PROJECT_DIR, "node_modules"), path.join(dir, "node_modules"));
    fs.mkdirSync(path.join(dir, ".state"));
    return dir;
}

for (let i = 0; i < RUNS; i++) {
    const epoch = `bench-${Date.now()}`;
    const project = new PulumiProject(uniqueNamespace("bench"));
    // The manual script tests nothing, so for the same work the image tests are off here.
    await project.init("dev", project.fixtureConfig({ baseChainEpoch: epoch, testImages: false }));
    record("cold up", await timed(`run ${i + 1} cold up`, () => project.up("dev")));
    record("no-op up", await timed(`run ${i + 1} no-op up`, () => project.up("dev")));
    record("preview", await timed(`run ${i + 1} preview`, () => project.pulumi(["preview", "-s", "dev"])));
    fs.writeFileSync(path.join(project.dir, "dockerfiles", "underworld2", "content.txt"), `bench ${epoch}\n`);
    record("underworld2-only rebuild", await timed(`run ${i + 1} underworld2-only up`, () => project.up("dev")));
    project.remove();

    const empty = emptyProgram();
    const env = { ...process.env, PULUMI_BACKEND_URL: `file://${path.join(empty, ".state")}`, PULUMI_CONFIG_PASSPHRASE: "bench" };
    await run("pulumi", ["stack", "init", "bench", "--non-interactive"], { cwd: empty, env });
    record("empty program up (engine floor)", await timed(`run ${i + 1} empty up`, () => run("pulumi", ["up", "--yes", "--skip-preview", "-s", "bench", "--non-interactive"], { cwd: empty, env })));
    fs.rmSync(empty, { recursive: true, force: true });

    const prefix = `${process.env.UW_REGISTRY}/${uniqueNamespace("bench-manual")}`;
    record("manual script, cold", await timed(`run ${i + 1} manual script`, () => run("bash", ["bench/manual-baseline.sh", prefix, `${epoch}-manual`])));
}

const rows = Object.entries(samples).map(([what, values]) => ({ what, median: median(values), values }));
const cold = median(samples["cold up"]!);
const manual = median(samples["manual script, cold"]!);
const floor = median(samples["empty program up (engine floor)"]!);
const lines = [
    "# Benchmark results",
    "",
    `Recorded by \`bench/run.ts\` on ${new Date().toISOString().slice(0, 10)}: fixture configuration (four small images, linux/amd64 + linux/arm64 under QEMU),`,
    `${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, local registry and file backend; ${RUNS} runs each, medians in seconds.`,
    "Cold runs use a new baseChainEpoch, so no build step comes from BuildKit's cache. The image tests are off",
    "(testImages: false), so that both sides do the same builds, pushes and lists.",
    "",
    "| step | median (s) | runs (s) |",
    "|---|---|---|",
    ...rows.map((r) => `| ${r.what} | ${r.median.toFixed(1)} | ${r.values.map((v) => v.toFixed(1)).join(", ")} |`),
    "",
    `Ratios: cold up / manual script = ${(cold / manual).toFixed(2)}; no-op up / engine floor = ${(median(samples["no-op up"]!) / floor).toFixed(2)};`,
    `underworld2-only rebuild / cold up = ${(median(samples["underworld2-only rebuild"]!) / cold).toFixed(2)}.`,
    "",
];
fs.writeFileSync(path.join(PROJECT_DIR, "bench", "results.md"), lines.join("\n"));
console.log(lines.join("\n"));
