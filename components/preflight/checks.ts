// Checks that need the outside world (Dockerfiles and lock files on disk, an underworld2 checkout, the
// registry, the builders, the signing keys), run before any resource exists, so that bad input fails before
// anything is built or pushed. Every problem is reported at once. What each check decides from what it reads
// is plan/'s (dockerfileArgs.ts, lockedVersions.ts, underworldSource.ts): here is only the reading.

import * as fs from "node:fs";
import type { Login } from "../../manifest-list/login.ts";
import { builderProblem } from "./builderCheck.ts";
import { dockerfileProblems } from "../../plan/dockerfileArgs.ts";
import { buildersOf } from "../../plan/engines.ts";
import { registryClient } from "../../manifest-list/listContent.ts";
import { INPUTS_FILE, lockProblems } from "../../plan/lockedVersions.ts";
import { imagesToBuild, type BuildPlan } from "../../plan/plan.ts";
import { parseReference } from "../../manifest-list/references.ts";
import type { Settings } from "../../config/settings.ts";
import { signingProblems, type SigningSecrets } from "./signingCheck.ts";
import { checkoutProblems } from "./underworldCheckout.ts";

/** A file's text; undefined when there is no such file. */
const readIfExists = (file: string) => (fs.existsSync(file) ? fs.readFileSync(file, "utf8") : undefined);

/** The versions the stack asks for that the lock files on disk lack (lockProblems, given hermetic/inputs.toml and the lock files). */
export function lockFileProblems(settings: Settings, plan: BuildPlan<string>): string[] {
    return lockProblems(settings, plan, fs.readFileSync(INPUTS_FILE, "utf8"), readIfExists);
}

/**
 * Does `reference` (pinned by digest) exist in its registry? Asked as the pushes are: with the stack's login
 * in the stack's registry (it is that registry's login), else with Docker's. Problems are phrased for the config key.
 */
async function referenceProblem(key: string, reference: string, settings: Settings, login: Login | undefined): Promise<string | undefined> {
    const parsed = parseReference(reference)!;
    const client = registryClient(parsed.registry || "docker.io", { registry: settings.registry, login });
    try {
        const manifest = await client.fetchManifest(parsed.repository, parsed.digest!);
        return manifest === undefined ? `${key}: ${reference} does not exist in the registry` : undefined;
    } catch (error) {
        return `${key}: cannot check ${reference}: ${(error as Error).message}`;
    }
}

export async function preflightProblems(settings: Settings, plan: BuildPlan<string>, login: Login | undefined, signing: SigningSecrets = {}): Promise<string[]> {
    const built = imagesToBuild(plan);
    const problems = built.flatMap((entry) => dockerfileProblems(entry, readIfExists(entry.dockerfile)));
    problems.push(...lockFileProblems(settings, plan));
    if (built.some((e) => e.sourceCheckout !== undefined)) problems.push(...checkoutProblems(settings));
    const checks = Object.entries(settings.pins).map(([image, ref]) => referenceProblem(`underworld-images:pins.${image}`, ref, settings, login));
    // Only the builders of images this run builds: a run that builds nothing needs no engine.
    for (const [platform, host] of Object.entries(buildersOf(built))) checks.push(builderProblem(platform, host));
    for (const problem of await Promise.all(checks)) if (problem !== undefined) problems.push(problem);
    problems.push(...await signingProblems(settings, signing));
    return problems;
}
