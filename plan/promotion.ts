// Release by promotion: which tested underworld2 list is published under the release tags, and the whole
// chain it stands on. Read before any resource exists, so that every refusal (no such stack, no underworld2
// list in it, a platform missing from the list, a list whose image tests did not pass) comes before any tag
// moves, naming the stack and what is missing.
//
// The list comes from the dev stack's outputs (promoteFromStack, read through a StackReference) or from
// promoteDigest. The chain (base, then petsc and lavavu) comes from the images' own OCI labels, which every
// Dockerfile writes from the parents it was built FROM: they hold for a pinned chain as for a built one, and
// for a list promoted by digest, where no stack says anything. Test evidence comes from the dev stack only:
// `images.underworld2.testedDigests`, the digests its image-tests command reported as passed.

import type { Login } from "../manifest-list/login.ts";
import { verify } from "../supply-chain/cosign.ts";
import { imageLabels, loginFor, readList, type RegistryAccess } from "../manifest-list/listContent.ts";
import type { PlanEntry } from "./plan.ts";
import { isDigest, parseReference } from "../manifest-list/references.ts";
import { ConfigError, type PinnableImage, type Settings } from "../config/settings.ts";

export const LABELS = {
    base: "org.opencontainers.image.base.name",
    version: "org.opencontainers.image.version",
    revision: "org.opencontainers.image.revision",
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
    readonly chain: Readonly<Record<PinnableImage, InheritedImage>>;
    /** The versions of what is promoted: the dev stack's `versions` output, or what the images' labels say. */
    readonly versions: Readonly<Record<string, unknown>>;
}

/** Reads another stack's outputs (pulumi up does it through a StackReference); rejects when the stack cannot be read. */
export type StackOutputsReader = (stack: string) => Promise<Readonly<Record<string, unknown>>>;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isStringRecord = (v: unknown): v is Record<string, string> => isRecord(v) && Object.values(v).every((e) => typeof e === "string");

/** What the dev stack's outputs say about its underworld2 list. Throws ConfigError naming what is missing. Exported for testing. */
export function listFromStackOutputs(stack: string, outputs: Readonly<Record<string, unknown>>, repository: string) {
    const key = `underworld-images:promoteFromStack: stack "${stack}"`;
    const images = outputs.images;
    const underworld2 = isRecord(images) ? images.underworld2 : undefined;
    const digest = isRecord(underworld2) ? underworld2.digest : undefined;
    if (!isRecord(underworld2) || typeof digest !== "string" || !isDigest(digest)) {
        throw new ConfigError([`${key} holds no underworld2 list (its outputs have no images.underworld2.digest): run pulumi up -s ${stack} first`]);
    }
    const ref = typeof underworld2.ref === "string" ? parseReference(underworld2.ref) : undefined;
    if (ref !== undefined && `${ref.registry}/${ref.repository}` !== repository) {
        throw new ConfigError([`${key} publishes underworld2 to ${ref.registry}/${ref.repository}, this stack to ${repository}: a list is promoted within its repository (set the same registry and namespace)`]);
    }
    return {
        listDigest: digest,
        testedDigests: isStringRecord(underworld2.testedDigests) ? underworld2.testedDigests : {},
        versions: isRecord(outputs.versions) ? outputs.versions : {},
    };
}

/** The configured platforms the list lacks or holds beyond them, as problems. Exported for testing. */
export function platformProblems(source: string, listRef: string, held: readonly string[], platforms: readonly string[]): string[] {
    const lacking = platforms.filter((p) => !held.includes(p));
    const extra = held.filter((p) => !platforms.includes(p));
    if (lacking.length === 0 && extra.length === 0) return [];
    const holds = `holds [${held.join(", ")}]; this stack publishes [${platforms.join(", ")}]`;
    return [`${source}: underworld2's list ${listRef} ${holds}: ${lacking.length > 0 ? `it lacks ${lacking.join(", ")}` : `${extra.join(", ")} would be published too`}`];
}

/** Platforms whose image in the list has no record of passing its tests, as problems. Exported for testing. */
export function untestedProblems(source: string, listPlatforms: Readonly<Record<string, string>>, tested: Readonly<Record<string, string>>): string[] {
    return Object.entries(listPlatforms)
        .filter(([platform, digest]) => tested[platform] !== digest)
        .map(([platform, digest]) => `${source}: underworld2's ${platform} image ${digest} has no record of passing its image tests `
            + `(images.underworld2.testedDigests holds ${JSON.stringify(tested[platform] ?? null)}: its tests failed, or ran with testImages false); only a tested list is promoted`);
}

/** Refuses a list that the stack's public key does not verify (signed by another key, or not signed). */
async function requireSignature(source: string, listRef: string, publicKeyFile: string, access: RegistryAccess): Promise<void> {
    const host = listRef.split("/")[0]!;
    const login = loginFor(host, access);
    try {
        await verify(listRef, publicKeyFile, login === undefined ? undefined : { host, login });
    } catch (error) {
        throw new ConfigError([`${source}: underworld2's list ${(error as Error).message} (signingPublicKey); only a signed list is promoted`]);
    }
}

/** The list `ref` and the labels of its `platform` image; problems when it or its labels are missing. */
async function readImage(what: string, ref: string, platform: string, access: RegistryAccess) {
    const list = await readList(ref, access);
    if (list === undefined) throw new ConfigError([`${what}: ${ref} does not exist in the registry`]);
    const digest = list.platforms[platform] ?? Object.values(list.platforms)[0];
    if (digest === undefined) throw new ConfigError([`${what}: ${ref} holds no image`]);
    return { list, labels: await imageLabels(ref, digest, access) };
}

function requireLabel(what: string, labels: Readonly<Record<string, string>>, label: string, meaning: string): string {
    const value = labels[label];
    if (value === undefined || value === "") throw new ConfigError([`${what} has no ${label} label, so it cannot say ${meaning}`]);
    return value;
}

/** base, petsc and lavavu as the promoted list's labels record them, with what their labels say of versions. */
async function chainOf(source: string, listRef: string, uw2Labels: Readonly<Record<string, string>>, platform: string, access: RegistryAccess) {
    const baseRef = requireLabel(`${source}: underworld2's list ${listRef}`, uw2Labels, LABELS.base, "which base it stands on");
    const base = await readImage(`${source}: its base`, baseRef, platform, access);
    // base records both parents in its revision label: "lavavu=<ref> petsc=<ref>".
    const recorded = Object.fromEntries([...requireLabel(`${source}: its base ${baseRef}`, base.labels, LABELS.revision, "which petsc and lavavu it stands on")
        .matchAll(/(\w+)=(\S+)/g)].map((m) => [m[1]!, m[2]!]));
    if (recorded.petsc === undefined || recorded.lavavu === undefined) {
        throw new ConfigError([`${source}: its base ${baseRef} has a ${LABELS.revision} label without lavavu=<ref> petsc=<ref>`]);
    }
    const petsc = await readImage(`${source}: its petsc`, recorded.petsc, platform, access);
    const lavavu = await readImage(`${source}: its lavavu`, recorded.lavavu, platform, access);
    const chain: Record<PinnableImage, InheritedImage> = {
        lavavu: { ref: recorded.lavavu, platformDigests: lavavu.list.platforms, parents: {} },
        petsc: { ref: recorded.petsc, platformDigests: petsc.list.platforms, parents: {} },
        base: { ref: baseRef, platformDigests: base.list.platforms, parents: { PETSC_IMAGE: recorded.petsc, LAVAVU_IMAGE: recorded.lavavu } },
    };
    // petsc's version label is "<petsc version>-<mpi flavour>".
    const [petscVersion, mpiFlavour] = (petsc.labels[LABELS.version] ?? "").split("-");
    const versions = {
        mpi: { flavour: mpiFlavour ?? null }, petsc: petscVersion || null, lavavu: lavavu.labels[LABELS.version] ?? null,
        underworld: uw2Labels[LABELS.version] ?? null, underworldRevision: uw2Labels[LABELS.revision] ?? null,
    };
    return { chain, versions };
}

/** Pins the promoting stack sets must be what the promoted list stands on. Exported for testing. */
export function pinProblems(source: string, pins: Settings["pins"], chain: Readonly<Record<PinnableImage, InheritedImage>>): string[] {
    return Object.entries(pins).filter(([image, pin]) => pin.split("@")[1] !== chain[image as PinnableImage].ref.split("@")[1])
        .map(([image, pin]) => `underworld-images:pins.${image}: ${pin}, but ${source}'s underworld2 list stands on ${chain[image as PinnableImage].ref}: `
            + "promote a list built on the pinned chain, or remove the pins");
}

/**
 * The promotion `settings` ask for, checked: the list exists, holds exactly the configured platforms, passed its
 * image tests (promoteFromStack), and its chain is readable and agrees with any pins. Throws ConfigError.
 */
export async function readPromotion(settings: Settings, entry: PlanEntry, login: Login | undefined, readStack?: StackOutputsReader): Promise<Promotion> {
    const platforms = entry.platforms.map((p) => p.platform);
    const access: RegistryAccess = { registry: settings.registry, login };
    let source: string;
    let fromStack: ReturnType<typeof listFromStackOutputs> | undefined;
    if (settings.promoteFromStack !== undefined) {
        const stack = settings.promoteFromStack;
        source = `underworld-images:promoteFromStack: stack "${stack}"`;
        if (readStack === undefined) throw new ConfigError([`${source} is read through a StackReference: only pulumi up promotes`]);
        let outputs: Readonly<Record<string, unknown>>;
        try {
            outputs = await readStack(stack);
        } catch (error) {
            throw new ConfigError([`${source} cannot be read (${(error as Error).message.split("\n")[0]}): does it exist in this backend? Run pulumi up -s ${stack} first`]);
        }
        fromStack = listFromStackOutputs(stack, outputs, entry.repository);
    } else {
        source = `underworld-images:promoteDigest: ${settings.promoteDigest}`;
    }
    const listDigest = fromStack?.listDigest ?? settings.promoteDigest!;
    const listRef = `${entry.repository}@${listDigest}`;
    try {
        const { list, labels } = await readImage(source, listRef, platforms[0]!, access);
        const held = Object.keys(list.platforms);
        const problems = [
            ...platformProblems(source, listRef, held, platforms),
            ...(fromStack === undefined ? [] : untestedProblems(source, list.platforms, fromStack.testedDigests)),
        ];
        if (problems.length > 0) throw new ConfigError(problems);
        if (settings.signingPublicKey !== undefined) await requireSignature(source, listRef, settings.signingPublicKey, access);
        const { chain, versions } = await chainOf(source, listRef, labels, platforms[0]!, access);
        const pins = pinProblems(source, settings.pins, chain);
        if (pins.length > 0) throw new ConfigError(pins);
        return {
            source, listDigest, platformDigests: list.platforms, testedDigests: fromStack?.testedDigests ?? {},
            parents: { BASE_IMAGE: chain.base.ref }, chain, versions: fromStack?.versions ?? versions,
        };
    } catch (error) {
        if (error instanceof ConfigError) throw error;
        throw new ConfigError([`${source}: cannot check ${listRef}: ${(error as Error).message}`]);
    }
}
