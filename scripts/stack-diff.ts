// What changed between two stacks: per image and platform, the base OS layer and the Debian and Python
// packages added, removed, upgraded or downgraded, and the versions the stacks are defined by. The images
// are read from the registry without running them (crane): their dpkg status and /opt/requirements.txt.
//
//   node --import tsx scripts/stack-diff.ts [--json] [--platform linux/amd64]... <from> <to>
//
// <from> and <to>: stack:<name>, outputs:<saved `pulumi stack output --json`>, git:<commit>:<stack file>,
// file:<stack file>, or ref:<list reference>. A stack file names only its pinned images (never underworld2).

import { parseArgs } from "node:util";
import { compareSides, type Side } from "./stack-diff/compare.ts";
import { debianOrder, pythonOrder } from "./stack-diff/packageRecords.ts";
import { craneRecords } from "./stack-diff/registryRecords.ts";
import { renderDiff } from "./stack-diff/render.ts";
import { loadSide, parseSide, SIDE_FORMS, type SideSpec } from "./stack-diff/sides.ts";

function fail(message: string): never {
    console.error(`stack-diff: ${message}`);
    process.exit(2);
}

let parsed;
try {
    parsed = parseArgs({ allowPositionals: true, options: { json: { type: "boolean", default: false }, platform: { type: "string", multiple: true, default: [] } } });
} catch (error) {
    fail((error as Error).message);
}
const { values, positionals } = parsed;
if (positionals.length !== 2) fail(`give two things to compare, <from> <to>, each one of:\n${SIDE_FORMS.map((f) => `  ${f}`).join("\n")}`);

let specs: SideSpec[];
let sides: Side[];
try {
    specs = positionals.map(parseSide);
    sides = await Promise.all(specs.map(loadSide));
} catch (error) {
    fail((error as Error).message);
}
let [from, to] = sides as [Side, Side];
// Two list references compare one image, whatever their repositories are called.
if (specs.every((s) => s.kind === "ref")) to = { ...to, images: { [Object.keys(from.images)[0]!]: Object.values(to.images)[0]! } };

const platforms = values.platform;
const source = platforms.length === 0 ? craneRecords : {
    ...craneRecords,
    platforms: async (reference: string) => Object.fromEntries(Object.entries(await craneRecords.platforms(reference)).filter(([p]) => platforms.includes(p))),
};

try {
    const diff = await compareSides(from, to, source, { debian: debianOrder, python: pythonOrder });
    console.log(values.json ? JSON.stringify(diff, null, 2) : renderDiff(diff));
} catch (error) {
    fail((error as Error).message);
}
