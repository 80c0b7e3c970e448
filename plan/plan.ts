// Settings -> build plan. Pure: decides, for each image of the graph (config/images.ts), whether it is built,
// pinned, promoted, inherited or unused, and everything a build needs (platform tags, context, Dockerfile,
// build args, parents, test suites, list tags), all from the graph's entries.

import * as path from "node:path";
import type { ImageGraph } from "../config/imageGraph.ts";
import { IMAGE_GRAPH, type ImageName } from "../config/images.ts";
import type { Platform, Settings } from "../config/settings.ts";

export { IMAGE_NAMES, type ImageName } from "../config/images.ts";

export type Action =
    /** Built for every platform and joined into a list. */
    | "build"
    /** Not built: an existing list, pinned by digest in the stack's config, stands in for it. */
    | "pin"
    /** Not built: a tested list is published under this stack's tags, byte for byte. */
    | "promote"
    /** Not built: the promoted list stands on it, as that list's labels record (the chain of a promotion). */
    | "inherit"
    /** Neither built nor pinned, and nothing built in this run needs it. */
    | "unused";

export interface PlatformBuild {
    readonly platform: Platform;
    /** The per-platform image name, pushed before the list: `<repo>:<tag>-<arch>`. */
    readonly imageName: string;
    /**
     * The Docker engine that builds, pushes and tests this platform's image (`builders.<platform>`, such as
     * `ssh://builder@mac-mini`). Undefined: the default engine (DOCKER_HOST, or the local socket).
     */
    readonly builder?: string;
}

/** One image's plan; `Name` is the graph's image names (the project's by default). */
export interface PlanEntry<Name extends string = ImageName> {
    readonly name: Name;
    readonly action: Action;
    /** Why this action: shown in outputs so that a maintainer sees why something was (not) rebuilt. */
    readonly reason: string;
    /** `registry/namespace/name`. */
    readonly repository: string;
    /** Every tag the list is published under, as full references (`<repo>:<tag>`). */
    readonly listTags: readonly string[];
    readonly platforms: readonly PlatformBuild[];
    readonly context: string;
    readonly dockerfile: string;
    /** Build args with known values; parents' references are added from `parentArgs` when they are known. */
    readonly args: Readonly<Record<string, string>>;
    /** Build arg -> parent image whose pinned list reference it receives. */
    readonly parentArgs: Readonly<Record<string, Name>>;
    /** The images whose test suites run on this one, its own last (`<dockerfilesDir>/<image>/test-image.sh`). */
    readonly testSuites: readonly Name[];
    /** The pinned reference, for action "pin". */
    readonly pin?: string;
    /** Staging of underworld2's source from a checkout into its build context, when building from a checkout. */
    readonly sourceCheckout?: { readonly from: string; readonly to: string };
}

/** Image -> its entry, each image after its parents. */
export type BuildPlan<Name extends string = ImageName> = Readonly<Record<Name, PlanEntry<Name>>>;

/** `linux/arm64` -> `arm64`. */
export function architectureOf(platform: Platform): string {
    return platform.split("/")[1]!;
}

/** What `uname -m` says on each platform (and what its ELF files are built for). */
export const MACHINE_OF = { "linux/amd64": "x86_64", "linux/arm64": "aarch64" } as const satisfies Record<Platform, string>;

/** Where the program stages a checkout's source for a build (inside the image's context). */
export function stagedSourcePath(context: string): string {
    return path.join(context, "source", "underworld.tar.gz");
}

/**
 * The plan of `graph`'s images, each after its parents. Without a graph, the project's (config/images.ts), whose
 * names are ImageName: the cast only tells the compiler so.
 */
export function buildPlan<Name extends string = ImageName>(settings: Settings, graph = IMAGE_GRAPH as unknown as ImageGraph<Name>): BuildPlan<Name> {
    const actions = decideActions(settings, graph);
    return Object.fromEntries(graph.names.map((name) => [name, planEntry(settings, graph, name, actions.get(name)!)])) as Record<Name, PlanEntry<Name>>;
}

/** The images built, in dependency order: every image comes after its parents. */
export function imagesToBuild<Name extends string>(plan: BuildPlan<Name>): PlanEntry<Name>[] {
    return (Object.values(plan) as PlanEntry<Name>[]).filter((e) => e.action === "build");
}

type Decision = { readonly action: Action; readonly reason: string };

/**
 * Each image's action, from its place in a release and its parent edges: children are decided first, so that a
 * base chain image is built exactly when a built child needs it and no pin stands in for it.
 */
function decideActions(s: Settings, graph: ImageGraph<string>): Map<string, Decision> {
    const promoting = s.promoteDigest !== undefined || s.promoteFromStack !== undefined;
    const inherited = graph.ancestors(graph.promoted);
    const decisions = new Map<string, Decision>();
    const decide = (name: string): Decision => {
        const { releaseRole, pinnable } = graph.entry(name);
        const pinned = pinnable && s.pins[name] !== undefined;
        if (promoting) {
            if (releaseRole === "promoted") {
                return { action: "promote", reason: `publishes the tested list ${s.promoteDigest ?? `from stack ${s.promoteFromStack}`} under the release tags` };
            }
            if (inherited.includes(name)) return { action: "inherit", reason: `the promoted ${graph.promoted} list stands on it: read from that list's labels` };
            return { action: "unused", reason: `not needed: a promotion publishes ${graph.promoted}'s list only` };
        }
        if (releaseRole === "promoted") {
            return { action: "build", reason: s.channel === "release" ? "release build from pinned parents" : "built on every development run" };
        }
        if (releaseRole === "built every run") {
            return pinned ? { action: "pin", reason: `pinned in config (pins.${name})` } : { action: "build", reason: "built on every run" };
        }
        if (s.rebuildBase) return { action: "build", reason: "rebuildBase is set: the base chain is regenerated" };
        if (pinned) return { action: "pin", reason: `pinned in config (pins.${name})` };
        if (graph.children(name).some((child) => decisions.get(child)!.action === "build")) {
            return { action: "build", reason: `no pin yet for ${name}: built (first run of the chain)` };
        }
        return { action: "unused", reason: `not needed: no image built in this run has ${name} as a parent` };
    };
    for (const name of [...graph.names].reverse()) decisions.set(name, decide(name));
    return decisions;
}

/** A platform's image and the engine it is routed to; `builder` only where `builders` names one. */
function platformBuild(s: Settings, repository: string, platform: Platform): PlatformBuild {
    const imageName = `${repository}:${s.tag}-${architectureOf(platform)}`;
    const builder = s.builders[platform];
    return builder === undefined ? { platform, imageName } : { platform, imageName, builder };
}

function planEntry<Name extends string>(s: Settings, graph: ImageGraph<Name>, name: Name, decision: Decision): PlanEntry<Name> {
    const image = graph.entry(name);
    const repository = `${s.registry}/${s.namespace}/${name}`;
    const context = path.join(s.dockerfilesDir, name);
    const source = s.underworldSource;
    return {
        name,
        action: decision.action,
        reason: decision.reason,
        repository,
        listTags: [s.tag, ...s.extraTags].map((tag) => `${repository}:${tag}`),
        platforms: s.platforms.map((platform) => platformBuild(s, repository, platform)),
        context,
        dockerfile: path.join(context, "Dockerfile"),
        args: image.buildArgs(s),
        parentArgs: graph.parentArgs(name),
        testSuites: graph.testSuites(name),
        pin: s.pins[name],
        sourceCheckout: image.buildsUnderworld && source.kind === "checkout" && decision.action === "build"
            ? { from: source.path, to: stagedSourcePath(context) }
            : undefined,
    };
}
