// Checks that need the outside world (Dockerfiles and lock files on disk, an underworld2 checkout, the
// registry, the builders), run before any resource exists, so that bad input fails before anything is
// built or pushed.

import type { Login } from "../manifest-list/login.ts";
import { builderProblem } from "./builderCheck.ts";
import { dockerfileProblems } from "./dockerfileArgs.ts";
import { buildersOf } from "./engines.ts";
import { registryClient } from "../manifest-list/listContent.ts";
import { lockProblems } from "./lockedVersions.ts";
import { imagesToBuild, type BuildPlan } from "./plan.ts";
import { parseReference } from "../manifest-list/references.ts";
import type { Settings } from "../config/settings.ts";
import { signingProblems, type SigningSecrets } from "./signingCheck.ts";
import { checkoutProblems } from "./underworldSource.ts";

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
    const problems = built.flatMap(dockerfileProblems);
    problems.push(...lockProblems(settings, plan));
    if (built.some((e) => e.sourceCheckout !== undefined)) problems.push(...checkoutProblems(settings));
    const checks = Object.entries(settings.pins).map(([image, ref]) => referenceProblem(`underworld-images:pins.${image}`, ref, settings, login));
    // Only the builders of images this run builds: a run that builds nothing needs no engine.
    for (const [platform, host] of Object.entries(buildersOf(built))) checks.push(builderProblem(platform, host));
    for (const problem of await Promise.all(checks)) if (problem !== undefined) problems.push(problem);
    problems.push(...await signingProblems(settings, signing));
    return problems;
}
