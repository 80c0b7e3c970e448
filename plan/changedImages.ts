// Which images a pull request must build and test, from the files it changes and the image graph: an image
// whose build context (its Dockerfile, scripts and lock files) changed, whose build args changed, or whose
// tests changed; every image when a file that shapes every build changed; and, in each case, all its
// descendants. A changed pin rebuilds the pinned image's descendants, FROM the new pin. A change that touches
// none of this (documentation, the program's own code) builds nothing. The pull-request workflow runs it
// through scripts/changed-images.ts; tests/unit/changedImages.test.ts holds its cases.

import type { ImageGraph } from "../config/imageGraph.ts";
import type { Settings } from "../config/settings.ts";

/** Files outside the build contexts that change every image's build. */
export const SHARED_BUILD_FILES: readonly string[] = [
    "config/images.ts", "config/imageGraph.ts", "plan/buildxCommand.ts", "plan/dockerfileArgs.ts",
];

/** Files (or folders, ending in /) outside the build contexts that change every user image's tests. */
export const SHARED_TEST_FILES: readonly string[] = [
    "image-tests/", "components/imageTestsCommand.ts", "plan/imageTestExpectations.ts",
];

export interface ChangeSet<Name extends string> {
    /** The changed files, relative to the repository (`git diff --name-only base...head`). */
    readonly paths: readonly string[];
    /** Images whose build args differ between the two commits (Pulumi.yaml's defaults, the stack file). */
    readonly argsChanged?: readonly Name[];
    /** Images whose pin in the stack file changed: built elsewhere (rebuild-base); their descendants are rebuilt. */
    readonly pinsChanged?: readonly Name[];
    /** The folder of the build contexts. Defaults to dockerfiles. */
    readonly dockerfilesDir?: string;
}

export interface Selection<Name extends string> {
    /** The images to build and test, each after its parents. */
    readonly images: Name[];
    /** Why each is there: the first reason found. */
    readonly why: Readonly<Partial<Record<Name, string>>>;
}

const under = (file: string, prefix: string) => (prefix.endsWith("/") ? file.startsWith(prefix) : file === prefix);

/** The images a pull request with `change` must build and test, each after its parents. */
export function changedImages<Name extends string>(change: ChangeSet<Name>, graph: ImageGraph<Name>): Selection<Name> {
    const dir = (change.dockerfilesDir ?? "dockerfiles").replace(/\/+$/, "");
    const why = new Map<Name, string>();
    const mark = (name: Name, reason: string) => { if (!why.has(name)) why.set(name, reason); };

    for (const file of change.paths) {
        const shared = SHARED_BUILD_FILES.find((p) => under(file, p));
        if (shared !== undefined) for (const name of graph.names) mark(name, `${file} is shared by every build`);
        if (SHARED_TEST_FILES.some((p) => under(file, p))) for (const name of graph.forUsers) mark(name, `${file} is part of every image's tests`);
        const context = file.startsWith(`${dir}/`) ? file.slice(dir.length + 1).split("/")[0] : undefined;
        if (context !== undefined && graph.names.includes(context as Name) && file.length > dir.length + 1 + context.length) {
            mark(context as Name, `${file} is in its build context`);
        }
    }
    // A newly pinned image is taken FROM its new pin (built and tested where it was made, with the new build
    // args: rebuild-base writes a new baseChainEpoch with the pins), not rebuilt.
    const pinsChanged = change.pinsChanged ?? [];
    for (const name of change.argsChanged ?? []) if (!pinsChanged.includes(name)) mark(name, "its build args changed");
    for (const name of pinsChanged) {
        for (const child of graph.children(name)) if (!pinsChanged.includes(child)) mark(child, `its parent ${name} has a new pin`);
    }

    // Every descendant of an image rebuilt (or newly pinned) is rebuilt FROM it.
    const pending = [...why.keys()];
    while (pending.length > 0) {
        const name = pending.shift()!;
        for (const child of graph.children(name)) {
            if (!why.has(child)) {
                why.set(child, `its parent ${name} is rebuilt`);
                pending.push(child);
            }
        }
    }
    const images = graph.names.filter((n) => why.has(n));
    return { images, why: Object.fromEntries(images.map((n) => [n, why.get(n)!])) as Partial<Record<Name, string>> };
}

/**
 * The images the job builds: the selected ones, and every parent of theirs that the stack file does not pin
 * (a stack with no pins yet builds the chain above them, as its first `dev` run would), and so on up; a pinned
 * parent is taken FROM its pin. Each after its parents.
 */
export function imagesToBuildFor<Name extends string>(selected: readonly Name[], pinned: readonly string[], graph: ImageGraph<Name>): Name[] {
    const needed = new Set<Name>(selected);
    const pending = [...selected];
    while (pending.length > 0) {
        for (const parent of Object.values(graph.parentArgs(pending.shift()!)) as Name[]) {
            if (!needed.has(parent) && !pinned.includes(parent)) {
                needed.add(parent);
                pending.push(parent);
            }
        }
    }
    return graph.names.filter((n) => needed.has(n));
}

/** Whether a change needs the fixture stack's real-engine tier: anything but documentation and the figures. */
export function needsEngineTier(paths: readonly string[]): boolean {
    return paths.some((file) => !/\.md$/.test(file) && !file.startsWith("bench/") && !file.startsWith("docs/") && file !== "LICENSE");
}

/** Each image's own build args (without its parents'), as JSON: compared between two commits' settings. */
export function buildArgsOf<Name extends string>(settings: Settings, graph: ImageGraph<Name>): Record<Name, string> {
    return Object.fromEntries(graph.names.map((n) => [n, JSON.stringify(graph.entry(n).buildArgs(settings))])) as Record<Name, string>;
}

/** The images whose entry in `after` differs from `before` (a missing side: every image). */
export function differing<Name extends string>(names: readonly Name[], before: Readonly<Record<string, string>> | undefined, after: Readonly<Record<string, string>> | undefined): Name[] {
    if (before === undefined || after === undefined) return [...names];
    return names.filter((n) => before[n] !== after[n]);
}

/**
 * The stack file (its `config:` map) a pull request's job builds with, for one platform: the committed stack
 * file's keys, its registry the job's own, and its pins only those of images the job does not build.
 */
export function pullRequestStack(committed: Readonly<Record<string, unknown>>, job: { registry: string; platform: string; build: readonly string[] }): Record<string, unknown> {
    const key = (k: string) => `underworld-images:${k}`;
    const pins = Object.fromEntries(Object.entries((committed[key("pins")] ?? {}) as Record<string, string>).filter(([image]) => !job.build.includes(image)));
    const config: Record<string, unknown> = { ...committed, [key("registry")]: job.registry, [key("platforms")]: [job.platform] };
    delete config[key("pins")];
    if (Object.keys(pins).length > 0) config[key("pins")] = pins;
    return config;
}
