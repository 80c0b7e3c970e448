// What changed between two stacks, as data: per image and platform, the base OS layer and the Debian and
// Python packages added, removed, upgraded and downgraded, and the versions the stacks are defined by.
// No I/O: the registry and the version orders come in as functions, so tests give their own.

import { parseReference } from "../../manifest-list/references.ts";
import type { Order, Versions, VersionPair } from "./packageRecords.ts";

/** One side of the comparison: a stack's images (list references by image name) and its defining versions. */
export interface Side {
    /** What was read, for people: "stack dev", "Pulumi.dev.yaml at 1a2b3c4", … */
    readonly label: string;
    readonly images: Readonly<Record<string, string>>;
    /** Flattened keys, as `flattenVersions` makes them; undefined where the side does not record them. */
    readonly versions?: Readonly<Record<string, string>>;
    /** What the reader should know about this side (such as images it cannot name). */
    readonly notes: readonly string[];
}

/** What one platform's image records about itself. */
export interface PlatformRecord {
    /** The image's first layer: the base OS's, which every image of the chain starts from. */
    readonly baseOsLayer: string;
    /** `org.opencontainers.image.base.name`, where the image sets it (base and underworld2 name their parent). */
    readonly baseName: string | null;
    /** Installed Debian packages (/var/lib/dpkg/status); null where the image has no record. */
    readonly debian: Versions | null;
    /** Python packages (/opt/requirements.txt, `pip freeze` at build time); null where the image has no record. */
    readonly python: Versions | null;
}

/** Reads the registry: a list's platform images, and what one image records. */
export interface RecordSource {
    /** Platform (`linux/amd64`) -> image digest; attestation entries (`unknown/unknown`) left out. */
    platforms(reference: string): Promise<Record<string, string>>;
    /** `repository` is the reference's name part (registry/namespace/image). */
    record(repository: string, digest: string): Promise<PlatformRecord>;
}

export type OrderFunction = (pairs: readonly VersionPair[]) => Promise<Order[]>;

export interface Orders {
    readonly debian: OrderFunction;
    readonly python: OrderFunction;
}

export interface PackageVersion {
    readonly name: string;
    readonly version: string;
}

export interface PackageChange {
    readonly name: string;
    readonly from: string;
    readonly to: string;
}

export interface PackageDiff {
    readonly added: readonly PackageVersion[];
    readonly removed: readonly PackageVersion[];
    readonly upgraded: readonly PackageChange[];
    readonly downgraded: readonly PackageChange[];
    /** Versions spelt differently that the ecosystem cannot order, or orders as equal. */
    readonly changed: readonly PackageChange[];
    readonly unchanged: number;
}

/** A record one side or both lack: nothing can be said about its packages. */
export interface NotRecorded {
    readonly notRecordedIn: ReadonlyArray<"from" | "to">;
}

export interface BaseOsDiff {
    readonly from: { readonly layer: string; readonly name: string | null };
    readonly to: { readonly layer: string; readonly name: string | null };
    readonly layerChanged: boolean;
}

export interface PlatformDiff {
    readonly platform: string;
    readonly from: string | null;
    readonly to: string | null;
    /** "same image": one digest on both sides, so nothing was read; "only in from" / "only in to". */
    readonly status: "same image" | "changed" | "only in from" | "only in to";
    readonly baseOs?: BaseOsDiff;
    readonly debian?: PackageDiff | NotRecorded;
    readonly python?: PackageDiff | NotRecorded;
}

export interface ImageDiff {
    readonly image: string;
    readonly from: string | null;
    readonly to: string | null;
    /** "unchanged": every platform's image is the same on both sides. */
    readonly status: "unchanged" | "changed" | "only in from" | "only in to";
    readonly platforms: readonly PlatformDiff[];
}

export interface VersionRow {
    readonly key: string;
    readonly from: string | null;
    readonly to: string | null;
    readonly changed: boolean;
}

export interface StackDiff {
    readonly from: { readonly label: string; readonly notes: readonly string[] };
    readonly to: { readonly label: string; readonly notes: readonly string[] };
    /** Null when neither side records its versions (two list references). */
    readonly versions: readonly VersionRow[] | null;
    readonly images: readonly ImageDiff[];
}

/** `{mpi: {flavour: "ompi"}}` -> `{"mpi.flavour": "ompi"}`: the stack outputs' `versions`, as comparable rows. */
export function flattenVersions(value: unknown, prefix = ""): Record<string, string> {
    if (typeof value !== "object" || value === null) return prefix === "" ? {} : { [prefix]: String(value) };
    return Object.assign({}, ...Object.entries(value).map(([key, inner]) => flattenVersions(inner, prefix === "" ? key : `${prefix}.${key}`)));
}

export function versionRows(from: Readonly<Record<string, string>> | undefined, to: Readonly<Record<string, string>> | undefined): VersionRow[] | null {
    if (from === undefined && to === undefined) return null;
    const keys = [...new Set([...Object.keys(from ?? {}), ...Object.keys(to ?? {})])];
    return keys.map((key) => {
        const [a, b] = [from?.[key] ?? null, to?.[key] ?? null];
        return { key, from: a, to: b, changed: a !== b };
    });
}

const byName = <T extends { name: string }>(a: T, b: T) => a.name.localeCompare(b.name);

/** Sorts what differs between two package lists; `order` (the ecosystem's) decides up or down. */
export async function packageDiff(from: Versions, to: Versions, order: OrderFunction): Promise<PackageDiff> {
    const added = Object.keys(to).filter((name) => !(name in from)).map((name) => ({ name, version: to[name]! }));
    const removed = Object.keys(from).filter((name) => !(name in to)).map((name) => ({ name, version: from[name]! }));
    const differing = Object.keys(from).filter((name) => name in to && from[name] !== to[name]).map((name) => ({ name, from: from[name]!, to: to[name]! }));
    const orders = await order(differing.map((c) => [c.from, c.to] as const));
    return {
        added: added.sort(byName),
        removed: removed.sort(byName),
        upgraded: differing.filter((_, i) => orders[i] === -1).sort(byName),
        downgraded: differing.filter((_, i) => orders[i] === 1).sort(byName),
        changed: differing.filter((_, i) => orders[i] !== -1 && orders[i] !== 1).sort(byName),
        unchanged: Object.keys(from).filter((name) => from[name] === to[name]).length,
    };
}

async function recordDiff(from: Versions | null, to: Versions | null, order: OrderFunction): Promise<PackageDiff | NotRecorded> {
    if (from === null || to === null) return { notRecordedIn: [...(from === null ? ["from" as const] : []), ...(to === null ? ["to" as const] : [])] };
    return packageDiff(from, to, order);
}

async function platformDiff(platform: string, from: { repository: string; digest: string } | undefined, to: { repository: string; digest: string } | undefined,
    source: RecordSource, orders: Orders): Promise<PlatformDiff> {
    const digests = { platform, from: from?.digest ?? null, to: to?.digest ?? null };
    if (from === undefined) return { ...digests, status: "only in to" };
    if (to === undefined) return { ...digests, status: "only in from" };
    if (from.digest === to.digest) return { ...digests, status: "same image" };
    const [a, b] = [await source.record(from.repository, from.digest), await source.record(to.repository, to.digest)];
    return {
        ...digests,
        status: "changed",
        baseOs: { from: { layer: a.baseOsLayer, name: a.baseName }, to: { layer: b.baseOsLayer, name: b.baseName }, layerChanged: a.baseOsLayer !== b.baseOsLayer },
        debian: await recordDiff(a.debian, b.debian, orders.debian),
        python: await recordDiff(a.python, b.python, orders.python),
    };
}

/** `registry/ns/image@sha256:…` or `…:tag` -> `registry/ns/image`. */
export function repositoryOf(reference: string): string {
    const parsed = parseReference(reference);
    if (parsed === undefined) throw new Error(`"${reference}" is not an image reference (registry/namespace/image:tag or …@sha256:<64 hex>)`);
    return parsed.registry === "" ? parsed.repository : `${parsed.registry}/${parsed.repository}`;
}

async function imageDiff(image: string, from: string | undefined, to: string | undefined, source: RecordSource, orders: Orders): Promise<ImageDiff> {
    const refs = { image, from: from ?? null, to: to ?? null };
    if (from === undefined) return { ...refs, status: "only in to", platforms: [] };
    if (to === undefined) return { ...refs, status: "only in from", platforms: [] };
    const [a, b] = [await source.platforms(from), await source.platforms(to)];
    const platforms = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    const side = (ref: string, digests: Record<string, string>, platform: string) =>
        digests[platform] === undefined ? undefined : { repository: repositoryOf(ref), digest: digests[platform]! };
    const diffs: PlatformDiff[] = [];
    for (const platform of platforms) diffs.push(await platformDiff(platform, side(from, a, platform), side(to, b, platform), source, orders));
    return { ...refs, status: diffs.every((d) => d.status === "same image") ? "unchanged" : "changed", platforms: diffs };
}

/** The whole comparison: every image either side names, in the order the from side names them, then the rest. */
export async function compareSides(from: Side, to: Side, source: RecordSource, orders: Orders): Promise<StackDiff> {
    const images = [...new Set([...Object.keys(from.images), ...Object.keys(to.images)])];
    const diffs: ImageDiff[] = [];
    for (const image of images) diffs.push(await imageDiff(image, from.images[image], to.images[image], source, orders));
    return {
        from: { label: from.label, notes: from.notes },
        to: { label: to.label, notes: to.notes },
        versions: versionRows(from.versions, to.versions),
        images: diffs,
    };
}
