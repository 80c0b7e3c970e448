// underworld2's source: its released package, or a checkout's commit (read and staged into the build context
// by components/preflight/underworldCheckout.ts). A checkout carries its own version (the development branch says 2.16.0
// or 2.18.0.dev0 while underworldVersion names the last release): the build, what it is expected to hold and
// what the stack records take that version, and its commit.

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

/** The version a _version.py's `text` declares; throws, naming `where`, when it declares none such. */
export function versionDeclared(text: string, where: string): string {
    const version = /^__version__\s*=\s*["']([^"']*)["']/m.exec(text)?.[1];
    if (version === undefined || !CHECKOUT_VERSION.test(version)) {
        throw new Error(`underworld-images:underworldSource: ${where} holds no __version__ such as "2.18.0.dev0" (found ${JSON.stringify(version ?? null)})`);
    }
    return version;
}

/** On the release stack, a checkout must be the version the release publishes. */
export function checkoutVersionProblem(settings: Pick<Settings, "channel" | "versions">, checkout: string, version: string): string[] {
    if (settings.channel !== "release" || version === settings.versions.underworld) return [];
    return [`underworld-images:underworldSource: ${checkout} is underworld ${version}, but the release stack publishes underworldVersion ${settings.versions.underworld}: check out that release's commit, or set underworldVersion`];
}

/** The plan's image built from a checkout, if any. */
export function checkoutEntry<Name extends string>(plan: BuildPlan<Name>): PlanEntry<Name> | undefined {
    return (Object.values(plan) as PlanEntry<Name>[]).find((e) => e.sourceCheckout !== undefined);
}

/**
 * The plan as it is built, and what underworld2 is built from. With a checkout's `build` (its commit and
 * version), the image built from it gets the checkout's version as its UNDERWORLD_VERSION and its commit as its
 * UNDERWORLD_REVISION (unless underworldRevision says otherwise). Otherwise the plan as it is, with the
 * configured version.
 */
export function withCheckout<Name extends string>(
    plan: BuildPlan<Name>, settings: Pick<Settings, "versions" | "underworldRevision">, build?: Required<UnderworldBuild>,
): { plan: BuildPlan<Name>; underworld: UnderworldBuild } {
    const entry = checkoutEntry(plan);
    if (entry === undefined || build === undefined) return { plan, underworld: { version: settings.versions.underworld } };
    const args = { ...entry.args, UNDERWORLD_VERSION: build.version, ...(settings.underworldRevision ? {} : { UNDERWORLD_REVISION: build.commit }) };
    return { plan: { ...plan, [entry.name]: { ...entry, args } }, underworld: build };
}
