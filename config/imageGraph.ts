// What an image graph's entries say, and what follows from them: the order images are built in, each one's
// parents and build args, which images a stack may pin, the base chain, the image a release promotes, and the
// test suites each image runs. The project's own graph is declared in config/images.ts; everything that needs
// to know the images (settings, plan, promotion, the program, the image tests) asks an ImageGraph, so that an
// image is added by adding its entry (and its build context).

import type { Settings } from "./settings.ts";

/** An image's place in a release. */
export type ReleaseRole =
    /** Pinned between cycles, rebuilt by rebuildBase, and on a promotion inherited from the promoted list's labels. */
    | "base chain"
    /** Built on every run from its parents; a release publishes its tested list by promotion. Exactly one image. */
    | "promoted"
    /** Built on every run from its parents (unless pinned, when pinnable); a promotion leaves it out. */
    | "built every run";

export interface ImageEntry<Name extends string = string> {
    /** The image's name: its repository `<registry>/<namespace>/<name>` and its build context `<dockerfilesDir>/<name>`. */
    readonly name: Name;
    /** Build arg -> the parent image whose list reference (`repo@sha256:…`) it receives. */
    readonly parents: Readonly<Record<string, Name>>;
    /**
     * For an image under others (a toolchain every image is built with): the build arg it is passed as, and
     * the images it is a parent of, so that one entry declares it. Defaults to none.
     */
    readonly parentOf?: { readonly arg: string; readonly images: readonly Name[] };
    /** Whether a stack may pin it (`pins.<name>`) to an existing list instead of building it. */
    readonly pinnable: boolean;
    readonly releaseRole: ReleaseRole;
    /** The images whose test suites (and theirs in turn) also run on this image, as a parent's do on its children. */
    readonly alsoRunsTestsOf: readonly Name[];
    /** Its build args from the settings (versions, base OS, package index); the parents' are added from `parents`. */
    readonly buildArgs: (settings: Settings) => Record<string, string>;
    /** Built from underworld2's source (`underworldSource`): a checkout's commit is staged into its context. Defaults to false. */
    readonly buildsUnderworld?: boolean;
    /**
     * A tool of the other images' builds (the toolchain), which no user runs: it runs as root, and the checks of
     * what users run (uid 1000, hygiene) leave it out. Defaults to false.
     */
    readonly buildTool?: boolean;
}

/** An image graph's entries, checked once, and what derives from them. Throws on a graph that cannot be built. */
export class ImageGraph<Name extends string = string> {
    /** Every image, each after its parents (otherwise in the order declared). */
    readonly names: readonly Name[];
    /** The images a stack may pin. */
    readonly pinnable: readonly Name[];
    /** The base chain: pinned on a release, rebuilt by rebuildBase. */
    readonly baseChain: readonly Name[];
    /** The image a release publishes by promotion. */
    readonly promoted: Name;
    /** The images users run: every one but the builds' tools. */
    readonly forUsers: readonly Name[];
    private readonly entries: ReadonlyMap<string, ImageEntry<Name>>;
    private readonly parentArgsOf: ReadonlyMap<string, Readonly<Record<string, Name>>>;

    constructor(entries: readonly ImageEntry<Name>[]) {
        this.entries = new Map(entries.map((e) => [e.name, e]));
        if (this.entries.size !== entries.length) throw new Error(`image graph: an image is declared twice in ${entries.map((e) => e.name).join(", ")}`);
        const known = (name: string, where: string) => {
            if (!this.entries.has(name)) throw new Error(`image graph: ${where} names ${name}, which is not declared`);
        };
        const parentArgs = new Map<string, Record<string, Name>>(entries.map((e) => [e.name, { ...e.parents }]));
        for (const e of entries) {
            for (const parent of Object.values(e.parents)) known(parent, `${e.name}'s parents`);
            for (const image of e.alsoRunsTestsOf) known(image, `${e.name}'s alsoRunsTestsOf`);
            for (const child of e.parentOf?.images ?? []) {
                known(child, `${e.name}'s parentOf`);
                parentArgs.get(child)![e.parentOf!.arg] = e.name;
            }
        }
        this.parentArgsOf = parentArgs;
        this.names = dependencyOrder(entries.map((e) => e.name), (name) => Object.values(parentArgs.get(name)!));
        const promoted = entries.filter((e) => e.releaseRole === "promoted");
        if (promoted.length !== 1) throw new Error(`image graph: exactly one image is promoted by a release; found ${promoted.length}`);
        this.promoted = promoted[0]!.name;
        if (promoted[0]!.pinnable) throw new Error(`image graph: ${this.promoted} is promoted, so it cannot be pinnable`);
        this.baseChain = this.names.filter((name) => this.entry(name).releaseRole === "base chain");
        const unpinnable = this.baseChain.filter((name) => !this.entry(name).pinnable);
        if (unpinnable.length > 0) throw new Error(`image graph: ${unpinnable.join(", ")}: the base chain is pinned on a release, so it must be pinnable`);
        this.pinnable = this.names.filter((name) => this.entry(name).pinnable);
        this.forUsers = this.names.filter((name) => !this.entry(name).buildTool);
    }

    entry(name: string): ImageEntry<Name> {
        const entry = this.entries.get(name);
        if (entry === undefined) throw new Error(`image graph: no image ${name}`);
        return entry;
    }

    /** Build arg -> parent: the image's own `parents` and the images that declare themselves its parent (`parentOf`). */
    parentArgs(name: string): Readonly<Record<string, Name>> {
        this.entry(name);
        return this.parentArgsOf.get(name)!;
    }

    /** The images with `name` among their parents. */
    children(name: string): Name[] {
        return this.names.filter((child) => (Object.values(this.parentArgs(child)) as string[]).includes(name));
    }

    /** Every image `name` is built from, directly or not, in build order. */
    ancestors(name: string): Name[] {
        const found = closure(name, (n) => Object.values(this.parentArgs(n)));
        return this.names.filter((n) => n !== name && found.has(n));
    }

    /** The test suites that run on `name`: its own, and those of the images it also runs tests of, in turn; in build order. */
    testSuites(name: string): Name[] {
        const found = closure(name, (n) => this.entry(n).alsoRunsTestsOf);
        return this.names.filter((n) => found.has(n));
    }
}

/** `start` and everything reachable from it through `next`. */
function closure(start: string, next: (name: string) => readonly string[]): Set<string> {
    const found = new Set<string>();
    const visit = (name: string) => {
        if (found.has(name)) return;
        found.add(name);
        for (const n of next(name)) visit(n);
    };
    visit(start);
    return found;
}

/** `names`, each after its parents, otherwise in the given order; throws on a cycle. */
function dependencyOrder<Name extends string>(names: readonly Name[], parentsOf: (name: Name) => readonly string[]): Name[] {
    const ordered: Name[] = [];
    while (ordered.length < names.length) {
        const next = names.find((name) => !ordered.includes(name) && parentsOf(name).every((p) => (ordered as string[]).includes(p)));
        if (next === undefined) {
            throw new Error(`image graph: ${names.filter((n) => !ordered.includes(n)).join(", ")} are built from each other (a cycle)`);
        }
        ordered.push(next);
    }
    return ordered;
}
