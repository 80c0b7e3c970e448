// Settings -> build plan. Pure: decides, for each image, whether it is built, pinned, promoted or unused,
// and everything a build needs (platform tags, context, Dockerfile, build args, parents, list tags).

import * as path from "node:path";
import type { Platform, PinnableImage, Settings } from "../config/settings.ts";

export const IMAGE_NAMES = ["lavavu", "petsc", "base", "underworld2"] as const;
export type ImageName = (typeof IMAGE_NAMES)[number];

/** The image hierarchy, declared once: for each image, the build arg that receives each parent's pinned reference. */
export const PARENT_ARGS: Readonly<Record<ImageName, Readonly<Record<string, ImageName>>>> = {
    lavavu: {},
    petsc: {},
    base: { PETSC_IMAGE: "petsc", LAVAVU_IMAGE: "lavavu" },
    underworld2: { BASE_IMAGE: "base" },
};

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

export interface PlanEntry {
    readonly name: ImageName;
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
    readonly parentArgs: Readonly<Record<string, ImageName>>;
    /** The pinned reference, for action "pin". */
    readonly pin?: string;
    /** Staging of underworld2's source from a checkout into its build context, when building from a checkout. */
    readonly sourceCheckout?: { readonly from: string; readonly to: string };
}

export type BuildPlan = Readonly<Record<ImageName, PlanEntry>>;

/** `linux/arm64` -> `arm64`. */
export function architectureOf(platform: Platform): string {
    return platform.split("/")[1]!;
}

/** What `uname -m` says on each platform (and what its ELF files are built for). */
export const MACHINE_OF = { "linux/amd64": "x86_64", "linux/arm64": "aarch64" } as const satisfies Record<Platform, string>;

/** Where the program stages a checkout's source for the underworld2 build (inside its context). */
export function stagedSourcePath(dockerfilesDir: string): string {
    return path.join(dockerfilesDir, "underworld2", "source", "underworld.tar.gz");
}

export function buildPlan(settings: Settings): BuildPlan {
    const actions = decideActions(settings);
    const entries = IMAGE_NAMES.map((name) => planEntry(settings, name, actions[name]));
    return Object.fromEntries(entries.map((e) => [e.name, e])) as Record<ImageName, PlanEntry>;
}

/** The images built in dependency order: every image comes after its parents. */
export function imagesToBuild(plan: BuildPlan): PlanEntry[] {
    return IMAGE_NAMES.map((name) => plan[name]).filter((e) => e.action === "build");
}

type Decision = { readonly action: Action; readonly reason: string };

function decideActions(s: Settings): Record<ImageName, Decision> {
    const promoting = s.promoteDigest !== undefined || s.promoteFromStack !== undefined;
    const underworld2: Decision = promoting
        ? { action: "promote", reason: `publishes the tested list ${s.promoteDigest ?? `from stack ${s.promoteFromStack}`} under the release tags` }
        : { action: "build", reason: s.channel === "release" ? "release build from pinned parents" : "built on every development run" };

    const chain = (image: PinnableImage, neededBy: Decision | undefined): Decision => {
        if (promoting) return { action: "inherit", reason: "the promoted underworld2 list stands on it: read from that list's labels" };
        if (s.rebuildBase) return { action: "build", reason: "rebuildBase is set: the base chain is regenerated" };
        const pin = s.pins[image];
        if (pin !== undefined) return { action: "pin", reason: `pinned in config (pins.${image})` };
        if (neededBy?.action === "build") return { action: "build", reason: `no pin yet for ${image}: built (first run of the chain)` };
        return { action: "unused", reason: `not needed: no image built in this run has ${image} as a parent` };
    };

    const base = chain("base", underworld2);
    return { lavavu: chain("lavavu", base), petsc: chain("petsc", base), base, underworld2 };
}

function buildArgs(s: Settings, name: ImageName): Record<string, string> {
    const index = { PYTHON_PACKAGE_INDEX: s.packageIndex };
    const chain = { BASE_CHAIN_EPOCH: s.baseChainEpoch };
    switch (name) {
        case "lavavu":
            return { BASE_OS_IMAGE: s.baseOsImage, PYTHON_VERSION: s.versions.python, LAVAVU_VERSION: s.versions.lavavu, ...index, ...chain };
        case "petsc":
            return {
                BASE_OS_IMAGE: s.baseOsImage, PYTHON_VERSION: s.versions.python, MPI_FLAVOUR: s.mpiFlavour,
                MPI_VERSION: s.versions.mpi, PETSC_VERSION: s.versions.petsc, ...index, ...chain,
            };
        case "base":
            // BASE_OS_IMAGE and PYTHON_VERSION here and in underworld2: the build machine's cross compilers and
            // its Python, which installs the wheels, run in it.
            return { BASE_OS_IMAGE: s.baseOsImage, PYTHON_VERSION: s.versions.python, ...index, ...chain };
        case "underworld2":
            return {
                BASE_OS_IMAGE: s.baseOsImage, PYTHON_VERSION: s.versions.python, ...chain, UNDERWORLD_VERSION: s.versions.underworld, UNDERWORLD_SOURCE: s.underworldSource.kind,
                UNDERWORLD_REVISION: s.underworldRevision || (s.underworldSource.kind === "release" ? `v${s.versions.underworld}` : "unknown"),
                ...index,
            };
    }
}

/** A platform's image and the engine it is routed to; `builder` only where `builders` names one. */
function platformBuild(s: Settings, repository: string, platform: Platform): PlatformBuild {
    const imageName = `${repository}:${s.tag}-${architectureOf(platform)}`;
    const builder = s.builders[platform];
    return builder === undefined ? { platform, imageName } : { platform, imageName, builder };
}

function planEntry(s: Settings, name: ImageName, decision: Decision): PlanEntry {
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
        args: buildArgs(s, name),
        parentArgs: PARENT_ARGS[name],
        pin: name === "underworld2" ? undefined : s.pins[name],
        sourceCheckout: name === "underworld2" && source.kind === "checkout" && decision.action === "build"
            ? { from: source.path, to: stagedSourcePath(s.dockerfilesDir) }
            : undefined,
    };
}
