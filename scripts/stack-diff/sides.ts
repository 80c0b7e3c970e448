// The two things stack-diff compares, each read into a Side: a stack's outputs (live, or saved as JSON),
// a stack file (at a git commit, or in the working tree), or one image's list reference.

import * as fs from "node:fs";
import * as path from "node:path";
import { defaultsOf, overridesOf, PROJECT_DIR } from "../../config/projectConfig.ts";
import { parseReference } from "../../manifest-list/references.ts";
import { IMAGE_GRAPH } from "../../config/images.ts";
import { ConfigError, readSettings } from "../../config/settings.ts";
import { stackVersions } from "../../components/stackOutputs.ts";
import { flattenVersions, type Side } from "./compare.ts";
import { pinnedReference } from "./registryRecords.ts";
import { tool } from "../../supply-chain/tool.ts";

export type SideSpec =
    | { readonly kind: "stack"; readonly stack: string }
    | { readonly kind: "outputs"; readonly file: string }
    | { readonly kind: "git"; readonly commit: string; readonly file: string }
    | { readonly kind: "file"; readonly file: string }
    | { readonly kind: "ref"; readonly reference: string };

export const SIDE_FORMS = [
    "stack:<name>                a Pulumi stack's outputs (pulumi stack output --json -s <name>)",
    "outputs:<file.json>         a saved `pulumi stack output --json`",
    "git:<commit>:<stack file>   a stack file at a git commit of this repository: its pinned images",
    "file:<stack file>           a stack file in the working tree: its pinned images",
    "ref:<reference>             one image's list (registry/namespace/image@sha256:… or :tag)",
];

export function parseSide(text: string): SideSpec {
    const colon = text.indexOf(":");
    const [kind, rest] = colon === -1 ? ["", text] : [text.slice(0, colon), text.slice(colon + 1)];
    if (rest !== "") {
        switch (kind) {
            case "stack": return { kind, stack: rest };
            case "outputs": return { kind, file: rest };
            case "file": return { kind, file: rest };
            case "ref": if (parseReference(rest) !== undefined) return { kind, reference: rest }; break;
            case "git": {
                // The file is after the last colon: a commit may hold one (main@{2025-01-01 10:00}), a path never does here.
                const last = rest.lastIndexOf(":");
                if (last > 0 && last < rest.length - 1) return { kind, commit: rest.slice(0, last), file: rest.slice(last + 1) };
                break;
            }
        }
    }
    throw new Error(`"${text}" is not something stack-diff compares; give one of:\n${SIDE_FORMS.map((f) => `  ${f}`).join("\n")}`);
}

/** A stack's outputs (`pulumi stack output --json`): every image it stands on, and its versions. */
export function sideOfOutputs(label: string, json: string): Side {
    let outputs: { digests?: Record<string, string>; versions?: unknown };
    try {
        outputs = JSON.parse(json) as typeof outputs;
    } catch {
        throw new Error(`${label}: not JSON; expected the output of \`pulumi stack output --json\``);
    }
    if (typeof outputs.digests !== "object" || outputs.digests === null) {
        throw new Error(`${label}: has no "digests" output; expected the output of \`pulumi stack output --json\` (has this stack been deployed?)`);
    }
    return {
        label,
        images: outputs.digests,
        versions: outputs.versions === undefined ? undefined : flattenVersions(outputs.versions),
        notes: outputs.versions === undefined ? ["records no versions"] : [],
    };
}

/**
 * A stack file, read with the project's defaults of the same commit: its pins and the versions it defines.
 * underworld2 is never pinned (it is built on every run), so a stack file names the base chain only.
 */
export function sideOfStackFile(label: string, projectYaml: string, stackYaml: string): Side {
    const overrides = overridesOf(stackYaml);
    // Secrets (`registryPassword: {secure: …}`) are only known to be set; their values are not needed here.
    const secretKeys = Object.keys(overrides).filter((key) => overrides[key]!.startsWith('{"secure":'));
    for (const key of secretKeys) delete overrides[key];
    let settings;
    try {
        // No unknown-key check: an older stack file may hold keys this code no longer knows.
        settings = readSettings({ ...defaultsOf(projectYaml), ...overrides }, [], secretKeys);
    } catch (error) {
        if (error instanceof ConfigError) throw new Error(`${label} is not a stack file the program would run:\n${error.problems.map((p) => `  - ${p}`).join("\n")}`);
        throw error;
    }
    const pinned = IMAGE_GRAPH.pinnable.filter((image) => settings.pins[image] !== undefined);
    return {
        label,
        images: Object.fromEntries(pinned.map((image) => [image, settings.pins[image]!])),
        versions: flattenVersions(stackVersions(settings)),
        notes: [pinned.length === 0
            ? "a stack file with no pins: it names no image, only the versions it is defined by"
            : `a stack file names only its pinned images (${pinned.join(", ")}); underworld2 is built on every run and never pinned, so it is not compared`],
    };
}

/**
 * One list: named after its repository's last component (`…/underworld2@sha256:…` is underworld2). `pinned`
 * is the list's reference by digest, so that the report says exactly what a tag pointed to.
 */
export function sideOfReference(reference: string, pinned: string): Side {
    const repository = parseReference(reference)!.repository;
    return { label: reference, images: { [repository.slice(repository.lastIndexOf("/") + 1)]: pinned }, notes: [] };
}

export async function loadSide(spec: SideSpec): Promise<Side> {
    switch (spec.kind) {
        case "stack":
            return sideOfOutputs(`stack ${spec.stack}`, await tool("pulumi", ["stack", "output", "--json", "-s", spec.stack]));
        case "outputs":
            return sideOfOutputs(`outputs ${spec.file}`, fs.readFileSync(path.resolve(spec.file), "utf8"));
        case "git": {
            const commit = (await tool("git", ["rev-parse", "--short", `${spec.commit}^{commit}`])).trim();
            const show = (file: string) => tool("git", ["show", `${commit}:${file}`]);
            return sideOfStackFile(`${spec.file} at ${spec.commit === commit ? commit : `${spec.commit} (${commit})`}`, await show("Pulumi.yaml"), await show(spec.file));
        }
        case "file":
            return sideOfStackFile(spec.file, fs.readFileSync(path.join(PROJECT_DIR, "Pulumi.yaml"), "utf8"), fs.readFileSync(path.resolve(spec.file), "utf8"));
        case "ref":
            return sideOfReference(spec.reference, await pinnedReference(spec.reference));
    }
}
