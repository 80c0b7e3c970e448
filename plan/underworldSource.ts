// underworld2's source: its released package, or a checkout's commit staged into the build context as a
// tarball. A checkout carries its own version (the development branch says 2.16.0 or 2.18.0.dev0 while
// underworldVersion names the last release), so what a checkout build is expected to hold, and what the
// stack records, is read from the commit itself.

import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import type { BuildPlan, PlanEntry } from "./plan.ts";
import type { Settings } from "../config/settings.ts";

/** What underworld2 is built from: the version it must hold and, from a checkout, the commit. */
export interface UnderworldBuild {
    readonly version: string;
    /** The checkout's commit; undefined for the released package. */
    readonly commit?: string;
}

/** Where upstream keeps `__version__`: under src/ since 2.14, at the top before. */
export const VERSION_FILES = ["src/underworld/_version.py", "underworld/_version.py"] as const;

/** A PEP 440 version as upstream writes them (2.16.0, 2.16.1b, 2.18.0.dev0), and nothing a shell would mind. */
const CHECKOUT_VERSION = /^\d+(\.\d+)*((a|b|rc)\d*)?(\.post\d+)?(\.dev\d*)?$/;

function git(checkout: string, ...args: string[]): Buffer {
    return execFileSync("git", ["-C", checkout, ...args], { maxBuffer: 1 << 30, stdio: ["ignore", "pipe", "pipe"] });
}

function requireCheckout(checkout: string): void {
    if (!fs.existsSync(path.join(checkout, ".git"))) {
        throw new Error(`underworld-images:underworldSource: ${checkout} is not a git checkout of underworld2 (no .git there)`);
    }
}

/** The commit a checkout's HEAD points at. */
export function checkoutCommit(checkout: string): string {
    requireCheckout(checkout);
    return git(checkout, "rev-parse", "HEAD").toString().trim();
}

/**
 * The version `commit` of the checkout declares, as its _version.py writes it. Read from the commit, not the
 * working tree: the build stages the commit, so uncommitted edits must not change what is expected.
 */
export function checkoutVersion(checkout: string, commit: string): string {
    for (const file of VERSION_FILES) {
        let text: string;
        try {
            text = git(checkout, "show", `${commit}:${file}`).toString();
        } catch {
            continue;
        }
        const version = /^__version__\s*=\s*["']([^"']*)["']/m.exec(text)?.[1];
        if (version === undefined || !CHECKOUT_VERSION.test(version)) {
            throw new Error(`underworld-images:underworldSource: ${checkout} at ${commit.slice(0, 12)}: ${file} holds no __version__ such as "2.18.0.dev0" (found ${JSON.stringify(version ?? null)})`);
        }
        return version;
    }
    throw new Error(`underworld-images:underworldSource: ${checkout} at ${commit.slice(0, 12)} has neither ${VERSION_FILES.join(" nor ")}: is it a checkout of underworld2?`);
}

/**
 * Problems with a checkout source, for the preflight: not a checkout, no version, or (on the release stack)
 * a version other than the one the release publishes. Empty for the released package.
 */
export function checkoutProblems(settings: Pick<Settings, "channel" | "underworldSource" | "versions">): string[] {
    const source = settings.underworldSource;
    if (source.kind !== "checkout") return [];
    try {
        const version = checkoutVersion(source.path, checkoutCommit(source.path));
        if (settings.channel === "release" && version !== settings.versions.underworld) {
            return [`underworld-images:underworldSource: ${source.path} is underworld ${version}, but the release stack publishes underworldVersion ${settings.versions.underworld}: check out that release's commit, or set underworldVersion`];
        }
        return [];
    } catch (error) {
        return [(error as Error).message];
    }
}

/**
 * Writes `git archive` of `commit` to `destination`, gzipped without timestamps, so the same commit always
 * gives the same bytes and the docker provider rebuilds only when the commit changes. The archive's header
 * names the commit (git writes it there), which the image reads back. Uncommitted changes are not included:
 * a dev image is always the image of a commit.
 */
export function stageCheckout(checkout: string, commit: string, destination: string): void {
    requireCheckout(checkout);
    const tar = git(checkout, "archive", "--format=tar", "--prefix=underworld2/", commit);
    const gzipped = execFileSync("gzip", ["-n", "-9"], { input: tar, maxBuffer: 1 << 30 });
    fs.mkdirSync(path.dirname(destination), { recursive: true });
    const current = fs.existsSync(destination) ? fs.readFileSync(destination) : undefined;
    if (current === undefined || !current.equals(gzipped)) fs.writeFileSync(destination, gzipped);
}

/**
 * The plan as it is built, and what underworld2 is built from. From a checkout, its HEAD is staged into the
 * context of the image built from it, the checkout's own version becomes its UNDERWORLD_VERSION and its
 * commit its UNDERWORLD_REVISION (unless underworldRevision says otherwise). Otherwise the plan is returned as
 * it is, with the configured version.
 */
export function withStagedCheckout<Name extends string>(
    plan: BuildPlan<Name>, settings: Pick<Settings, "versions" | "underworldRevision">,
): { plan: BuildPlan<Name>; underworld: UnderworldBuild } {
    const entry = (Object.values(plan) as PlanEntry<Name>[]).find((e) => e.sourceCheckout !== undefined);
    if (entry === undefined) return { plan, underworld: { version: settings.versions.underworld } };
    const checkout = entry.sourceCheckout!;
    const commit = checkoutCommit(checkout.from);
    const version = checkoutVersion(checkout.from, commit);
    stageCheckout(checkout.from, commit, checkout.to);
    const args = { ...entry.args, UNDERWORLD_VERSION: version, ...(settings.underworldRevision ? {} : { UNDERWORLD_REVISION: commit }) };
    return { plan: { ...plan, [entry.name]: { ...entry, args } }, underworld: { version, commit } };
}
