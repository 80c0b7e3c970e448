// underworld2 from a checkout, read and staged before anything is built: the commit of its HEAD, the version
// that commit declares, and the commit's source written into the build context as a tarball. A checkout
// carries its own version (the development branch says 2.16.0 or 2.18.0.dev0 while underworldVersion names
// the last release), so what a checkout build is expected to hold, and what the stack records, is read from
// the commit itself; plan/underworldSource.ts puts it into the plan.

import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import type { BuildPlan } from "../../plan/plan.ts";
import { checkoutEntry, checkoutVersionProblem, VERSION_FILES, versionDeclared, withCheckout, type UnderworldBuild } from "../../plan/underworldSource.ts";
import type { Settings } from "../../config/settings.ts";

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
        return versionDeclared(text, `${checkout} at ${commit.slice(0, 12)}: ${file}`);
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
        return checkoutVersionProblem(settings, source.path, checkoutVersion(source.path, checkoutCommit(source.path)));
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
 * The plan as it is built, and what underworld2 is built from: from a checkout, its HEAD staged into the context
 * of the image built from it, with the checkout's own version and commit (withCheckout). Otherwise the plan as
 * it is, with the configured version.
 */
export function withStagedCheckout<Name extends string>(
    plan: BuildPlan<Name>, settings: Pick<Settings, "versions" | "underworldRevision">,
): { plan: BuildPlan<Name>; underworld: UnderworldBuild } {
    const entry = checkoutEntry(plan);
    if (entry === undefined) return withCheckout(plan, settings);
    const checkout = entry.sourceCheckout!;
    const commit = checkoutCommit(checkout.from);
    stageCheckout(checkout.from, commit, checkout.to);
    return withCheckout(plan, settings, { commit, version: checkoutVersion(checkout.from, commit) });
}
