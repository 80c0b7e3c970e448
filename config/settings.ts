// Stack configuration -> one validated, typed Settings object. Pure: no Pulumi resources, no I/O.
// Every problem found is reported at once, each naming the key, the bad value and what is accepted.

import { isPinnedReference, isRegistryHost, isRepositoryPath, isTag, isDigest, parseReference } from "../manifest-list/references.ts";
import type { ImageGraph } from "./imageGraph.ts";
import { IMAGE_GRAPH } from "./images.ts";

export const SUPPORTED_PLATFORMS = ["linux/amd64", "linux/arm64"] as const;
export type Platform = (typeof SUPPORTED_PLATFORMS)[number];

export const MPI_FLAVOURS = ["ompi", "mpich"] as const;
export type MpiFlavour = (typeof MPI_FLAVOURS)[number];

export const CHANNELS = ["dev", "release"] as const;
export type Channel = (typeof CHANNELS)[number];

/** A release version such as `2.17.0`, `2.5.0b` or `2.16.0-ompi` (upstream puts the MPI flavour in the tag). */
const RELEASE_VERSION = /^\d+\.\d+\.\d+(?:(?:a|b|rc)\d*)?(?:-(ompi|mpich))?$/;
const VERSION = /^\d+\.\d+(?:\.\d+)?$/;
const PROJECT = "underworld-images";

export interface Versions {
    readonly python: string;
    readonly mpi: string;
    readonly petsc: string;
    readonly lavavu: string;
    readonly underworld: string;
}

/** Where underworld2's source comes from: its released package, or a local checkout (a development commit). */
export type UnderworldSource = { readonly kind: "release" } | { readonly kind: "checkout"; readonly path: string };

export interface Settings {
    readonly channel: Channel;
    readonly registry: string;
    readonly namespace: string;
    readonly platforms: readonly Platform[];
    readonly tag: string;
    readonly extraTags: readonly string[];
    readonly mpiFlavour: MpiFlavour;
    readonly versions: Versions;
    readonly baseOsImage: string;
    readonly underworldSource: UnderworldSource;
    readonly underworldRevision: string;
    /** Image -> the list reference (`repo@sha256:…`) that stands in for it; only the graph's pinnable images. */
    readonly pins: Readonly<Record<string, string>>;
    readonly rebuildBase: boolean;
    /** Changes when the base chain is regenerated; passed to its builds so that no cached layer survives. */
    readonly baseChainEpoch: string;
    /** Digest of a tested underworld2 list to publish under the release tags instead of rebuilding. */
    readonly promoteDigest?: string;
    /** Stack whose `digests.underworld2` output is the list to promote (read through a StackReference). */
    readonly promoteFromStack?: string;
    readonly registryUsername?: string;
    readonly dockerfilesDir: string;
    readonly packageIndex: string;
    readonly buildNetwork: "default" | "host";
    /** Docker engine per platform (e.g. a native arm64 builder); platforms not listed use the default engine. */
    readonly builders: Readonly<Partial<Record<Platform, string>>>;
    /** Run each image's tests (dockerfiles/<image>/test-image.sh, and its parents') before publishing its list. */
    readonly testImages: boolean;
    /** Signing (cosign): whether this stack signs what it publishes, with the secret signingKey or signingKeyFile. */
    readonly signs: boolean;
    readonly signingKeyFile?: string;
    /** The public key (a file) that verifies the signatures: after signing, and before a promotion publishes. */
    readonly signingPublicKey?: string;
}

/** Config values as Pulumi hands them over: strings, with arrays and objects as JSON text. */
export type RawConfig = Readonly<Record<string, string | undefined>>;

/** Keys that the program reads; anything else under the project's namespace is a typo. */
export const CONFIG_KEYS = [
    "channel", "registry", "namespace", "platforms", "tag", "extraTags", "mpiFlavour",
    "pythonVersion", "mpiVersion", "petscVersion", "lavavuVersion", "underworldVersion",
    "baseOsImage", "underworldSource", "underworldRevision", "pins", "baseChainEpoch", "rebuildBase",
    "promoteDigest", "promoteFromStack", "registryUsername", "registryPassword",
    "dockerfilesDir", "packageIndex", "buildNetwork", "builders", "testImages",
    "signingKey", "signingKeyFile", "signingKeyPassword", "signingPublicKey",
] as const;

export class ConfigError extends Error {
    readonly problems: readonly string[];

    constructor(problems: readonly string[]) {
        super(`Invalid configuration (${problems.length} problem${problems.length === 1 ? "" : "s"}); nothing was built or pushed:\n`
            + problems.map((p) => `  - ${p}`).join("\n"));
        this.name = "ConfigError";
        this.problems = problems;
    }
}

/** Collects problems while reading keys, so that all of them are reported together. */
class Reader {
    readonly problems: string[] = [];
    private readonly raw: RawConfig;

    constructor(raw: RawConfig) {
        this.raw = raw;
    }

    problem(key: string, value: unknown, expected: string): void {
        this.problems.push(`${PROJECT}:${key}: got ${JSON.stringify(value)}; expected ${expected}`);
    }

    /** A key every stack has: Pulumi.yaml declares its default. */
    required(key: string): string {
        const value = this.raw[key];
        if (value === undefined) {
            this.problems.push(`${PROJECT}:${key}: missing; Pulumi.yaml declares its default, so this happens only when that file lost it`);
            return "";
        }
        return value;
    }

    optional(key: string): string | undefined {
        const value = this.raw[key];
        return value === undefined || value === "" ? undefined : value;
    }

    json<T>(key: string, fallback: T, expected: string, accept: (v: unknown) => v is T): T {
        const text = this.required(key);
        if (text === "") return fallback;
        let value: unknown;
        try {
            value = JSON.parse(text);
        } catch {
            this.problem(key, text, expected);
            return fallback;
        }
        if (!accept(value)) {
            this.problem(key, value, expected);
            return fallback;
        }
        return value;
    }

    oneOf<T extends string>(key: string, allowed: readonly T[]): T {
        const value = this.required(key);
        if (this.raw[key] === undefined || (allowed as readonly string[]).includes(value)) return (value || allowed[0]) as T;
        this.problem(key, value, `one of ${allowed.map((a) => JSON.stringify(a)).join(", ")}`);
        return allowed[0]!;
    }

    matching(key: string, pattern: RegExp, expected: string): string {
        const value = this.required(key);
        if (this.raw[key] !== undefined && !pattern.test(value)) this.problem(key, value, expected);
        return value;
    }
}

const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every((e) => typeof e === "string");
const isStringRecord = (v: unknown): v is Record<string, string> =>
    typeof v === "object" && v !== null && !Array.isArray(v) && Object.values(v).every((e) => typeof e === "string");

/**
 * Reads and validates the configuration. `presentKeys` are the keys set for the project (to catch typos);
 * `secretKeys` those stored as secrets, whose values `raw` does not carry; `graph` says which images may be pinned.
 * Throws ConfigError listing every problem.
 */
export function readSettings(
    raw: RawConfig, presentKeys: readonly string[] = Object.keys(raw), secretKeys: readonly string[] = [], graph: ImageGraph = IMAGE_GRAPH,
): Settings {
    const r = new Reader(raw);

    for (const key of presentKeys) {
        if (!(CONFIG_KEYS as readonly string[]).includes(key)) {
            r.problems.push(`${PROJECT}:${key}: unknown key; known keys are ${CONFIG_KEYS.join(", ")}`);
        }
    }

    const channel = r.oneOf("channel", CHANNELS);

    const registry = r.required("registry");
    if (!isRegistryHost(registry)) r.problem("registry", registry, "a registry host such as docker.io or 127.0.0.1:5000");

    const namespace = r.required("namespace");
    if (!isRepositoryPath(namespace)) r.problem("namespace", namespace, "lowercase path components such as underworldcode");

    const platforms = r.json<string[]>("platforms", [], `a JSON list drawn from ${SUPPORTED_PLATFORMS.join(", ")}`, isStringArray);
    for (const p of platforms) {
        if (!(SUPPORTED_PLATFORMS as readonly string[]).includes(p)) {
            r.problem("platforms", p, `a platform from ${SUPPORTED_PLATFORMS.join(", ")}`);
        }
    }
    if (platforms.length === 0) r.problem("platforms", platforms, "at least one platform");
    if (new Set(platforms).size !== platforms.length) r.problem("platforms", platforms, "each platform at most once");

    const mpiFlavour = r.oneOf("mpiFlavour", MPI_FLAVOURS);

    const tag = r.required("tag");
    const extraTags = r.json<string[]>("extraTags", [], "a JSON list of tags", isStringArray);
    validateTags(r, channel, tag, extraTags, mpiFlavour);

    const versions: Versions = {
        python: r.matching("pythonVersion", VERSION, "a version such as 3.11"),
        mpi: r.matching("mpiVersion", VERSION, "a version such as 4.1.4"),
        petsc: r.matching("petscVersion", VERSION, "a version such as 3.22.2"),
        lavavu: r.matching("lavavuVersion", VERSION, "a version such as 1.9.10"),
        underworld: r.matching("underworldVersion", VERSION, "a version such as 2.17.3"),
    };

    const baseOsImage = r.required("baseOsImage");
    const parsedOs = parseReference(baseOsImage);
    if (parsedOs === undefined || parsedOs.tag === "latest" || (parsedOs.tag === undefined && parsedOs.digest === undefined)) {
        r.problem("baseOsImage", baseOsImage, "an image reference with a tag other than latest, or pinned by digest (repo@sha256:<64 hex>)");
    }

    const sourceText = r.required("underworldSource");
    const underworldSource: UnderworldSource = sourceText === "release" ? { kind: "release" } : { kind: "checkout", path: sourceText };
    if (sourceText.trim() === "") r.problem("underworldSource", sourceText, `"release" or the path of an underworld2 checkout`);
    const underworldRevision = r.optional("underworldRevision") ?? "";

    const pins = readPins(r, graph);
    const rebuildBase = r.oneOf("rebuildBase", ["false", "true"]) === "true";
    const baseChainEpoch = r.optional("baseChainEpoch") ?? "";

    const promoteDigest = r.optional("promoteDigest");
    if (promoteDigest !== undefined && !isDigest(promoteDigest)) r.problem("promoteDigest", promoteDigest, "sha256:<64 hex>");
    const promoteFromStack = r.optional("promoteFromStack");
    if (promoteFromStack !== undefined && !/^[A-Za-z0-9_.\/-]+$/.test(promoteFromStack)) {
        r.problem("promoteFromStack", promoteFromStack, "a stack name such as dev or org/underworld-images/dev");
    }

    const registryUsername = r.optional("registryUsername");
    const passwordIsSecret = secretKeys.includes("registryPassword");
    plaintextSecret(r, "registryPassword", secretKeys, "pulumi config set --secret registryPassword");
    if (registryUsername !== undefined && !passwordIsSecret) {
        r.problems.push(`${PROJECT}:registryPassword: missing while registryUsername is set; set it with \`pulumi config set --secret registryPassword\``);
    }

    const dockerfilesDir = r.required("dockerfilesDir");
    if (dockerfilesDir.trim() === "") r.problem("dockerfilesDir", dockerfilesDir, "a directory holding one folder per image");
    const packageIndex = r.matching("packageIndex", /^https?:\/\/\S+$/, "an http(s) URL of a Python package index");
    const buildNetwork = r.oneOf("buildNetwork", ["default", "host"] as const);
    const testImages = r.oneOf("testImages", ["true", "false"]) === "true";

    const builders = r.json<Record<string, string>>("builders", {}, `a JSON object from platform to Docker host, e.g. {"linux/arm64": "ssh://builder"}`, isStringRecord);
    for (const [platform, host] of Object.entries(builders)) {
        if (!(platforms as string[]).includes(platform)) r.problem("builders", platform, `one of the configured platforms ${platforms.join(", ")}`);
        if (!/^(unix|tcp|ssh|npipe):\/\/\S+$/.test(host)) r.problem(`builders.${platform}`, host, "a Docker host such as ssh://user@host or tcp://host:2376");
    }

    const signing = readSigning(r, secretKeys);

    validateChannelRules(r, graph, { channel, pins, rebuildBase, promoteDigest, promoteFromStack, underworldSource });

    if (r.problems.length > 0) throw new ConfigError(r.problems);
    return {
        channel, registry, namespace, platforms: platforms as Platform[], tag, extraTags, mpiFlavour, versions,
        baseOsImage, underworldSource, underworldRevision, pins, rebuildBase, baseChainEpoch, promoteDigest, promoteFromStack,
        registryUsername, dockerfilesDir, packageIndex, buildNetwork, builders: builders as Partial<Record<Platform, string>>, testImages,
        ...signing,
    };
}

/** A problem for a key that must be a secret and was stored in plaintext. */
function plaintextSecret(r: Reader, key: string, secretKeys: readonly string[], how: string): void {
    if (!secretKeys.includes(key) && r.optional(key) !== undefined) {
        r.problems.push(`${PROJECT}:${key}: stored in plaintext; remove it and set it with \`${how}\``);
    }
}

function readSigning(r: Reader, secretKeys: readonly string[]): Pick<Settings, "signs" | "signingKeyFile" | "signingPublicKey"> {
    plaintextSecret(r, "signingKey", secretKeys, "pulumi config set --secret signingKey < cosign.key");
    plaintextSecret(r, "signingKeyPassword", secretKeys, "pulumi config set --secret signingKeyPassword");
    const keyIsSecret = secretKeys.includes("signingKey");
    const signingKeyFile = r.optional("signingKeyFile");
    const signingPublicKey = r.optional("signingPublicKey");
    if (keyIsSecret && signingKeyFile !== undefined) r.problem("signingKeyFile", signingKeyFile, "unset when the secret signingKey is set: one private key");
    const signs = keyIsSecret || signingKeyFile !== undefined;
    if (signs && signingPublicKey === undefined) {
        r.problems.push(`${PROJECT}:signingPublicKey: missing while a signing key is set; the path of its public key (cosign.pub), which verifies each signature`);
    }
    return { signs, signingKeyFile, signingPublicKey };
}

function validateTags(r: Reader, channel: Channel, tag: string, extraTags: readonly string[], mpiFlavour: MpiFlavour): void {
    for (const [key, value] of [["tag", tag], ...extraTags.map((t) => ["extraTags", t])]) {
        if (!isTag(value)) r.problem(key, value, "a Docker tag (letters, digits, _ . -; at most 128 characters)");
    }
    if (new Set([tag, ...extraTags]).size !== 1 + extraTags.length) r.problem("extraTags", extraTags, "tags that differ from each other and from tag");

    if (channel === "release") {
        if (!RELEASE_VERSION.test(tag)) {
            r.problem("tag", tag, "a release version such as 2.17.0 or 2.17.0-mpich (dev, latest and empty are not release tags)");
        }
        if (extraTags.includes("dev")) r.problem("extraTags", "dev", "release tags; dev belongs to the dev stack");
    } else {
        if (RELEASE_VERSION.test(tag) || tag === "latest") {
            r.problem("tag", tag, "a development tag such as dev; version tags and latest are published by the release stack only");
        }
        for (const t of extraTags) {
            if (RELEASE_VERSION.test(t) || t === "latest") r.problem("extraTags", t, "development tags only; version tags and latest are published by the release stack");
        }
    }

    const suffix = /-(ompi|mpich)$/.exec(tag)?.[1];
    if (suffix !== undefined && suffix !== mpiFlavour) {
        r.problem("tag", tag, `a tag whose MPI suffix matches mpiFlavour "${mpiFlavour}"`);
    }
}

function readPins(r: Reader, graph: ImageGraph): Record<string, string> {
    const isPinObject = (v: unknown): v is Record<string, string> => isStringRecord(v);
    const pins = r.json<Record<string, string>>("pins", {}, `a JSON object such as {"base": "docker.io/underworldcode/base@sha256:<64 hex>"}`, isPinObject);
    const result: Record<string, string> = {};
    for (const [image, reference] of Object.entries(pins)) {
        if (!graph.pinnable.includes(image)) {
            r.problem(`pins.${image}`, reference, `a pin for one of ${graph.pinnable.join(", ")} (${graph.promoted} is promoted, not pinned)`);
            continue;
        }
        if (!isPinnedReference(reference)) {
            r.problem(`pins.${image}`, reference, "a reference pinned by digest: registry/namespace/image@sha256:<64 hex>");
            continue;
        }
        result[image] = reference;
    }
    return result;
}

function validateChannelRules(r: Reader, graph: ImageGraph, s: Pick<Settings, "channel" | "pins" | "rebuildBase" | "promoteDigest" | "promoteFromStack" | "underworldSource">): void {
    if (s.promoteDigest !== undefined && s.promoteFromStack !== undefined) {
        r.problem("promoteDigest", s.promoteDigest, "either promoteDigest or promoteFromStack, not both");
    }
    if (s.channel === "release") {
        if (s.rebuildBase) r.problem("rebuildBase", "true", "false on the release stack: rebuild the base chain on dev, then pin it");
        const promoting = s.promoteDigest !== undefined || s.promoteFromStack !== undefined;
        if (!promoting) {
            for (const image of graph.baseChain) {
                if (s.pins[image] === undefined) {
                    r.problem(`pins.${image}`, null, "a pinned reference: the release stack never builds from an unpinned parent (copy the pins from Pulumi.dev.yaml)");
                }
            }
        }
    } else {
        if (s.promoteDigest !== undefined) r.problem("promoteDigest", s.promoteDigest, "unset on the dev stack: promotion publishes release tags");
        if (s.promoteFromStack !== undefined) r.problem("promoteFromStack", s.promoteFromStack, "unset on the dev stack: promotion publishes release tags");
    }
}
