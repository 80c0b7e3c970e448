// Release by promotion: which tested list of the promoted image (underworld2) is published under the release
// tags, and the whole chain it stands on: what the stack's outputs and the images' labels say, decided here
// from what components/preflight/promotion.ts reads. Read before any resource exists, so that every refusal (no such
// stack, no list in it, a platform missing from the list, a list whose image tests did not pass) comes before
// any tag moves, naming the stack and what is missing.
//
// The list comes from the dev stack's outputs (promoteFromStack, read through a StackReference) or from
// promoteDigest. The chain (its parents, then theirs, as the image graph declares them) comes from the
// images' own labels (org.underworldcode.images.parents), which every Dockerfile writes from the parents it was
// built FROM: they hold for a pinned chain as for a built one, and for a list promoted by digest, where no stack
// says anything. Test
// evidence comes from the dev stack only: `images.<image>.testedDigests`, the digests its image-tests command
// reported as passed.

import { isDigest, parseReference } from "../manifest-list/references.ts";
import type { ImageGraph } from "../config/imageGraph.ts";
import { ConfigError, type Settings } from "../config/settings.ts";

export const LABELS = {
    base: "org.opencontainers.image.base.name",
    version: "org.opencontainers.image.version",
    revision: "org.opencontainers.image.revision",
    /** The project's own: every parent the image was built from, as `<build arg>=<ref>` words. */
    parents: "org.underworldcode.images.parents",
} as const;

/** An image the promoted list stands on. */
export interface InheritedImage {
    /** Its list, pinned: `repo@sha256:…`. */
    readonly ref: string;
    readonly platformDigests: Readonly<Record<string, string>>;
    /** Build arg -> the parent it was built from, as its labels say. */
    readonly parents: Readonly<Record<string, string>>;
}

export interface Promotion {
    /** Where the list was taken from, as messages name it: `stack "dev"` or `promoteDigest sha256:…`. */
    readonly source: string;
    readonly listDigest: string;
    readonly platformDigests: Readonly<Record<string, string>>;
    /** Platform -> digest whose image tests passed, as the dev stack recorded them; empty when promoted by digest. */
    readonly testedDigests: Readonly<Record<string, string>>;
    readonly parents: Readonly<Record<string, string>>;
    /** Every image the promoted list stands on, each after its parents. */
    readonly chain: Readonly<Record<string, InheritedImage>>;
    /** The versions of what is promoted: the dev stack's `versions` output, or what the images' labels say. */
    readonly versions: Readonly<Record<string, unknown>>;
}

/** Reads another stack's outputs (pulumi up does it through a StackReference); rejects when the stack cannot be read. */
export type StackOutputsReader = (stack: string) => Promise<Readonly<Record<string, unknown>>>;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isStringRecord = (v: unknown): v is Record<string, string> => isRecord(v) && Object.values(v).every((e) => typeof e === "string");

/** What the dev stack's outputs say about its list of `image`. Throws ConfigError naming what is missing. Exported for testing. */
export function listFromStackOutputs(stack: string, outputs: Readonly<Record<string, unknown>>, image: string, repository: string) {
    const key = `underworld-images:promoteFromStack: stack "${stack}"`;
    const images = outputs.images;
    const recorded = isRecord(images) ? images[image] : undefined;
    const digest = isRecord(recorded) ? recorded.digest : undefined;
    if (!isRecord(recorded) || typeof digest !== "string" || !isDigest(digest)) {
        throw new ConfigError([`${key} holds no ${image} list (its outputs have no images.${image}.digest): run pulumi up -s ${stack} first`]);
    }
    const ref = typeof recorded.ref === "string" ? parseReference(recorded.ref) : undefined;
    if (ref !== undefined && `${ref.registry}/${ref.repository}` !== repository) {
        throw new ConfigError([`${key} publishes ${image} to ${ref.registry}/${ref.repository}, this stack to ${repository}: a list is promoted within its repository (set the same registry and namespace)`]);
    }
    return {
        listDigest: digest,
        testedDigests: isStringRecord(recorded.testedDigests) ? recorded.testedDigests : {},
        versions: isRecord(outputs.versions) ? outputs.versions : {},
    };
}

/** The configured platforms the list lacks or holds beyond them, as problems. Exported for testing. */
export function platformProblems(source: string, image: string, listRef: string, held: readonly string[], platforms: readonly string[]): string[] {
    const lacking = platforms.filter((p) => !held.includes(p));
    const extra = held.filter((p) => !platforms.includes(p));
    if (lacking.length === 0 && extra.length === 0) return [];
    const holds = `holds [${held.join(", ")}]; this stack publishes [${platforms.join(", ")}]`;
    return [`${source}: ${image}'s list ${listRef} ${holds}: ${lacking.length > 0 ? `it lacks ${lacking.join(", ")}` : `${extra.join(", ")} would be published too`}`];
}

/** Platforms whose image in the list has no record of passing its tests, as problems. Exported for testing. */
export function untestedProblems(source: string, image: string, listPlatforms: Readonly<Record<string, string>>, tested: Readonly<Record<string, string>>): string[] {
    return Object.entries(listPlatforms)
        .filter(([platform, digest]) => tested[platform] !== digest)
        .map(([platform, digest]) => `${source}: ${image}'s ${platform} image ${digest} has no record of passing its image tests `
            + `(images.${image}.testedDigests holds ${JSON.stringify(tested[platform] ?? null)}: its tests failed, or ran with testImages false); only a tested list is promoted`);
}

function requireLabel(what: string, labels: Readonly<Record<string, string>>, label: string, meaning: string): string {
    const value = labels[label];
    if (value === undefined || value === "") throw new ConfigError([`${what} has no ${label} label, so it cannot say ${meaning}`]);
    return value;
}

/**
 * The parents an image's labels record, build arg -> list reference: every one, in the project's parents label
 * (`PETSC_IMAGE=<ref> LAVAVU_IMAGE=<ref> TOOLCHAIN_IMAGE=<ref>`). `what` names the image.
 */
export function recordedParents(what: string, graph: ImageGraph, labels: Readonly<Record<string, string>>, parentArgs: Readonly<Record<string, string>>): Record<string, string> {
    if (Object.keys(parentArgs).length === 0) return {};
    if (labels[LABELS.parents] === undefined) return parentsLabelledTheOldWay(what, graph, labels, parentArgs);
    const words = Object.fromEntries([...labels[LABELS.parents].matchAll(/(\w+)=(\S+)/g)].map((m) => [m[1]!, m[2]!]));
    const missing = Object.keys(parentArgs).filter((arg) => words[arg] === undefined);
    if (missing.length > 0) throw new ConfigError([`${what} has a ${LABELS.parents} label without ${missing.map((arg) => `${arg}=<ref>`).join(" ")}`]);
    return Object.fromEntries(Object.keys(parentArgs).map((arg) => [arg, words[arg]!]));
}

/**
 * The parents of an image labelled before the parents label (and before the toolchain, which they record
 * nothing of: the chain read from them has none): a single parent in the base-name label, several in the
 * revision label as `<image>=<ref>` words (base's "lavavu=<ref> petsc=<ref>").
 */
function parentsLabelledTheOldWay(what: string, graph: ImageGraph, labels: Readonly<Record<string, string>>, parentArgs: Readonly<Record<string, string>>): Record<string, string> {
    const recorded = Object.entries(parentArgs).filter(([, parent]) => !graph.entry(parent).buildTool);
    const parents = recorded.map(([, parent]) => parent);
    if (parents.length === 0) return {};
    if (parents.length === 1) {
        const ref = requireLabel(what, labels, LABELS.base, `which ${parents[0]} it stands on`);
        return { [recorded[0]![0]]: ref };
    }
    const named = ` ${parents.slice(0, -1).join(", ")} and ${parents[parents.length - 1]}`;
    const words = Object.fromEntries([...requireLabel(what, labels, LABELS.revision, `which${named} it stands on`)
        .matchAll(/(\w+)=(\S+)/g)].map((m) => [m[1]!, m[2]!]));
    if (parents.some((parent) => words[parent] === undefined)) {
        throw new ConfigError([`${what} has a ${LABELS.revision} label without ${[...parents].sort().map((p) => `${p}=<ref>`).join(" ")}`]);
    }
    return Object.fromEntries(recorded.map(([arg, parent]) => [arg, words[parent]!]));
}

/** The versions the labels of the chain's images (image -> labels) and of the promoted image say. */
export function labelledVersions(labels: Readonly<Record<string, Readonly<Record<string, string>>>>, promotedLabels: Readonly<Record<string, string>>) {
    // petsc's version label is "<petsc version>-<mpi flavour>".
    const [petscVersion, mpiFlavour] = (labels.petsc?.[LABELS.version] ?? "").split("-");
    return {
        mpi: { flavour: mpiFlavour ?? null }, petsc: petscVersion || null, lavavu: labels.lavavu?.[LABELS.version] ?? null,
        underworld: promotedLabels[LABELS.version] ?? null, underworldRevision: promotedLabels[LABELS.revision] ?? null,
    };
}

/** Pins the promoting stack sets must be what the promoted list stands on. Exported for testing. */
export function pinProblems(source: string, promoted: string, pins: Settings["pins"], chain: Readonly<Record<string, InheritedImage>>): string[] {
    return Object.entries(pins).filter(([image, pin]) => image in chain && pin.split("@")[1] !== chain[image]!.ref.split("@")[1])
        .map(([image, pin]) => `underworld-images:pins.${image}: ${pin}, but ${source}'s ${promoted} list stands on ${chain[image]!.ref}: `
            + "promote a list built on the pinned chain, or remove the pins");
}
