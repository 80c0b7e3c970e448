// Stages underworld2's source from a checkout into its build context, as a tarball of the checked-out commit.

import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import type { PlanEntry } from "./plan.ts";

/**
 * Writes `git archive HEAD` of `checkout` to `destination`, gzipped without timestamps, so the same commit
 * always gives the same bytes and the docker provider rebuilds only when the commit changes.
 * Uncommitted changes are not included: a dev image is always the image of a commit. Returns the commit.
 */
export function stageCheckout(checkout: string, destination: string): string {
    if (!fs.existsSync(path.join(checkout, ".git"))) {
        throw new Error(`underworldSource: ${checkout} is not a git checkout of underworld2 (no .git there)`);
    }
    const git = (...args: string[]) => execFileSync("git", ["-C", checkout, ...args], { maxBuffer: 1 << 30 });
    const commit = git("rev-parse", "HEAD").toString().trim();
    const tar = git("archive", "--format=tar", "--prefix=underworld2/", commit);
    const gzipped = execFileSync("gzip", ["-n", "-9"], { input: tar, maxBuffer: 1 << 30 });
    fs.mkdirSync(path.dirname(destination), { recursive: true });
    const current = fs.existsSync(destination) ? fs.readFileSync(destination) : undefined;
    if (current === undefined || !current.equals(gzipped)) fs.writeFileSync(destination, gzipped);
    return commit;
}

/**
 * underworld2's plan entry as it is built: from a checkout, its source is staged and the commit recorded
 * as UNDERWORLD_REVISION (unless underworldRevision says otherwise). Other entries are returned as they are.
 */
export function withStagedCheckout(entry: PlanEntry, underworldRevision: string | undefined): { entry: PlanEntry; commit?: string } {
    const checkout = entry.sourceCheckout;
    if (checkout === undefined) return { entry };
    const commit = stageCheckout(checkout.from, checkout.to);
    return underworldRevision ? { entry, commit } : { entry: { ...entry, args: { ...entry.args, UNDERWORLD_REVISION: commit } }, commit };
}
