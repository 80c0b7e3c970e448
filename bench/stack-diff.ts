// stack-diff on the real images (a script that records, not a test): what changed between a stack before
// and after a base-chain rebuild, how long reading it took, and what it says. Writes bench/stack-diff.md
// (summary and the report as printed) and bench/stack-diff.json (the --json report).
//
//   node --import tsx bench/stack-diff.ts <before> <after> [stack-diff options such as --platform linux/arm64]
//
// Record the before side first, e.g. `pulumi stack output --json -s dev > bench/stack-diff/before.json`,
// then `npm run rebuild-base -- dev`, then: node --import tsx bench/stack-diff.ts outputs:bench/stack-diff/before.json stack:dev

import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { PROJECT_DIR } from "../config/projectConfig.ts";
import type { NotRecorded, PackageDiff, StackDiff } from "../scripts/stack-diff/compare.ts";
import { renderDiff } from "../scripts/stack-diff/render.ts";

// stack-diff checks these, and says what it takes.
const args = process.argv.slice(2);

const started = process.hrtime.bigint();
const result = spawnSync(process.execPath, ["--import", "tsx", "scripts/stack-diff.ts", "--json", ...args], { cwd: PROJECT_DIR, encoding: "utf8", maxBuffer: 64 << 20 });
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
if (result.status !== 0) {
    console.error(`bench/stack-diff: stack-diff failed:\n${result.stderr}`);
    process.exit(1);
}
const diff = JSON.parse(result.stdout) as StackDiff;

const counts = (d: PackageDiff | NotRecorded | undefined) => d === undefined ? "-"
    : "notRecordedIn" in d ? "no record"
        : `+${d.added.length} -${d.removed.length} up ${d.upgraded.length} down ${d.downgraded.length}${d.changed.length > 0 ? ` other ${d.changed.length}` : ""} (${d.unchanged} same)`;
const rows = diff.images.flatMap((image) => image.platforms.length === 0
    ? [[image.image, "-", image.status, "-", "-", "-"]]
    : image.platforms.map((p) => [image.image, p.platform, p.status, p.baseOs === undefined ? "-" : p.baseOs.layerChanged ? "changed" : "same",
        counts(p.debian), counts(p.python)]));
const read = diff.images.flatMap((i) => i.platforms).filter((p) => p.status === "changed").length;

const lines = [
    "# stack-diff on the real images",
    "",
    `Recorded by \`bench/stack-diff.ts\` on ${new Date().toISOString().slice(0, 10)}: \`scripts/stack-diff.ts ${args.join(" ")}\`.`,
    `It took ${seconds.toFixed(1)} s, reading ${read} platform image${read === 1 ? "" : "s"} on each side from the registry (images with the`,
    "same digest on both sides are not read). The full report: `bench/stack-diff.json`.",
    "",
    "| image | platform | status | base OS layer | Debian packages | Python packages |",
    "|---|---|---|---|---|---|",
    ...rows.map((row) => `| ${row.join(" | ")} |`),
    "",
    "As printed:",
    "",
    "```",
    renderDiff(diff),
    "```",
    "",
];
fs.writeFileSync(path.join(PROJECT_DIR, "bench", "stack-diff.md"), lines.join("\n"));
fs.writeFileSync(path.join(PROJECT_DIR, "bench", "stack-diff.json"), `${JSON.stringify(diff, null, 2)}\n`);
console.log(lines.join("\n"));
