// The package records of an image, read by the tools that own their formats, and the order of two
// versions as each ecosystem defines it: dpkg for Debian (its status file and `dpkg --compare-versions`),
// Python's `packaging` for pip (PEP 440 / PEP 508, through python-packages.py). Nothing here parses or
// compares versions by hand.

import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { tool } from "../../supply-chain/tool.ts";

/** Package name -> version. */
export type Versions = Readonly<Record<string, string>>;
/** -1, 0 or 1 as `a` is older than, equal to or newer than `b`; null when the ecosystem cannot order them. */
export type Order = -1 | 0 | 1 | null;
export type VersionPair = readonly [string, string];

const PYTHON_HELPER = path.join(path.dirname(fileURLToPath(import.meta.url)), "python-packages.py");
const DPKG = "dpkg (Debian or Ubuntu)";
const PACKAGING = "python3 with the packaging module (pip install packaging)";

/** Installed packages of a dpkg status file (an image's /var/lib/dpkg/status, extracted beside no other). */
export async function debianPackages(adminDir: string): Promise<Versions> {
    const out = await tool("dpkg-query", [`--admindir=${adminDir}`, "-W", "-f", "${db:Status-Abbrev}\\t${Package}\\t${Version}\\n"], { needs: DPKG });
    // Only what is installed: "ii"; removed packages whose configuration remains ("rc") are not in the image.
    const installed = out.split("\n").map((line) => line.split("\t")).filter((fields) => fields[0]?.startsWith("ii"));
    return Object.fromEntries(installed.map(([, name, version]) => [name!, version!]));
}

/** The packages a `pip freeze` text names, with their versions; names in their normalised form. */
export async function pythonPackages(freeze: string): Promise<Versions> {
    return JSON.parse(await tool("python3", [PYTHON_HELPER, "freeze"], { input: freeze, needs: PACKAGING })) as Versions;
}

export async function debianOrder(pairs: readonly VersionPair[]): Promise<Order[]> {
    if (pairs.length === 0) return [];
    // One shell for every pair; dpkg exits 0 (true), 1 (false) or 2 (a version it cannot read).
    const script = 'command -v dpkg >/dev/null || { echo "dpkg is not installed" >&2; exit 127; }; while read -r a b; do dpkg --compare-versions "$a" lt "$b"; r=$?; '
        + 'if [ $r = 0 ]; then echo -1; elif [ $r = 1 ]; then if dpkg --compare-versions "$a" gt "$b"; then echo 1; else echo 0; fi; else echo null; fi; done';
    const out = await tool("sh", ["-c", script], { input: pairs.map(([a, b]) => `${a} ${b}\n`).join(""), needs: DPKG });
    return out.trim().split("\n").map((line) => JSON.parse(line) as Order);
}

export async function pythonOrder(pairs: readonly VersionPair[]): Promise<Order[]> {
    if (pairs.length === 0) return [];
    return JSON.parse(await tool("python3", [PYTHON_HELPER, "order"], { input: JSON.stringify(pairs), needs: PACKAGING })) as Order[];
}
