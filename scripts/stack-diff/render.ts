// stack-diff's report for people: the versions the stacks are defined by, then per image and platform the
// base OS and every package that changed.

import { textTable } from "../textTable.ts";
import type { NotRecorded, PackageDiff, PlatformDiff, StackDiff } from "./compare.ts";

function isRecorded(diff: PackageDiff | NotRecorded): diff is PackageDiff {
    return !("notRecordedIn" in diff);
}

function summary(kind: string, diff: PackageDiff | NotRecorded): string {
    if (!isRecorded(diff)) {
        return `${kind}: not recorded in ${diff.notRecordedIn.length === 2 ? "either image" : `the ${diff.notRecordedIn[0]} image`}`;
    }
    const counts = [`${diff.added.length} added`, `${diff.removed.length} removed`, `${diff.upgraded.length} upgraded`, `${diff.downgraded.length} downgraded`];
    if (diff.changed.length > 0) counts.push(`${diff.changed.length} changed (no order)`);
    return `${kind}: ${counts.join(", ")}; ${diff.unchanged} the same`;
}

function changeRows(kind: string, diff: PackageDiff | NotRecorded): string[][] {
    if (!isRecorded(diff)) return [];
    return [
        ...diff.added.map((p) => [kind, "added", p.name, "", p.version]),
        ...diff.removed.map((p) => [kind, "removed", p.name, p.version, ""]),
        ...diff.upgraded.map((c) => [kind, "upgraded", c.name, c.from, c.to]),
        ...diff.downgraded.map((c) => [kind, "downgraded", c.name, c.from, c.to]),
        ...diff.changed.map((c) => [kind, "changed", c.name, c.from, c.to]),
    ];
}

function platformLines(p: PlatformDiff): string[] {
    switch (p.status) {
        case "same image": return [`  ${p.platform}: the same image (${p.from})`];
        case "only in from": return [`  ${p.platform}: only in from (${p.from})`];
        case "only in to": return [`  ${p.platform}: only in to (${p.to})`];
        case "changed": break;
    }
    const os = p.baseOs!;
    const lines = [
        `  ${p.platform}: ${p.from} -> ${p.to}`,
        os.layerChanged ? `    base OS layer: changed, ${os.from.layer} -> ${os.to.layer}` : `    base OS layer: the same (${os.from.layer})`,
    ];
    if (os.from.name !== null || os.to.name !== null) {
        lines.push(os.from.name === os.to.name ? `    built from: ${os.from.name}` : `    built from: ${os.from.name ?? "(no label)"} -> ${os.to.name ?? "(no label)"}`);
    }
    lines.push(`    ${summary("Debian", p.debian!)}`, `    ${summary("Python", p.python!)}`);
    const rows = [...changeRows("Debian", p.debian!), ...changeRows("Python", p.python!)];
    if (rows.length > 0) lines.push(...textTable([["", "change", "package", "from", "to"], ...rows]).map((line) => `      ${line}`));
    return lines;
}

export function renderDiff(diff: StackDiff): string {
    const lines = [`from: ${diff.from.label}`, ...diff.from.notes.map((n) => `      (${n})`), `to:   ${diff.to.label}`, ...diff.to.notes.map((n) => `      (${n})`), ""];
    if (diff.versions !== null) {
        lines.push("Versions the stacks are defined by:",
            ...textTable([["", "from", "to", ""], ...diff.versions.map((v) => [v.key, v.from ?? "-", v.to ?? "-", v.changed ? "changed" : ""])]).map((l) => `  ${l}`), "");
    }
    for (const image of diff.images) {
        switch (image.status) {
            case "only in from": lines.push(`${image.image}: only in from (${image.from})`); break;
            case "only in to": lines.push(`${image.image}: only in to (${image.to})`); break;
            case "unchanged": lines.push(`${image.image}: unchanged, the same image on every platform`, `  from ${image.from}`, `  to   ${image.to}`); break;
            case "changed": lines.push(`${image.image}: changed`, `  from ${image.from}`, `  to   ${image.to}`, ...image.platforms.flatMap(platformLines)); break;
        }
    }
    if (diff.images.length === 0) lines.push("No image to compare: neither side names one.");
    return lines.join("\n");
}
