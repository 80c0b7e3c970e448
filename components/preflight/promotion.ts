// Reading the promotion before any resource exists (plan/promotion.ts decides from what is read here): the
// dev stack's outputs (through a StackReference), the list to promote and its signature in the registry, and
// the labels of every image of the chain it stands on. Every refusal is a ConfigError, before any tag moves.

import type { Login } from "../../manifest-list/login.ts";
import { verify } from "../../supply-chain/cosign.ts";
import { imageLabels, loginFor, readList, type RegistryAccess } from "../../manifest-list/listContent.ts";
import type { PlanEntry } from "../../plan/plan.ts";
import {
    labelledVersions, listFromStackOutputs, pinProblems, platformProblems, recordedParents, untestedProblems,
    type InheritedImage, type Promotion, type StackOutputsReader,
} from "../../plan/promotion.ts";
import type { ImageGraph } from "../../config/imageGraph.ts";
import { ConfigError, type Settings } from "../../config/settings.ts";

/** Refuses a list that the stack's public key does not verify (signed by another key, or not signed). */
async function requireSignature(source: string, image: string, listRef: string, publicKeyFile: string, access: RegistryAccess): Promise<void> {
    const host = listRef.split("/")[0]!;
    const login = loginFor(host, access);
    try {
        await verify(listRef, publicKeyFile, login === undefined ? undefined : { host, login });
    } catch (error) {
        throw new ConfigError([`${source}: ${image}'s list ${(error as Error).message} (signingPublicKey); only a signed list is promoted`]);
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

/**
 * Every image the promoted list stands on, as the labels of each record its parents (the image graph says which
 * parents each has), with what their labels say of versions.
 */
async function chainOf(source: string, graph: ImageGraph, listRef: string, promotedLabels: Readonly<Record<string, string>>, platform: string, access: RegistryAccess) {
    const labels: Record<string, Readonly<Record<string, string>>> = { [graph.promoted]: promotedLabels };
    const found: Record<string, InheritedImage> = {};
    // Each image's recorded parents, read from the promoted image up, each parent once.
    const walk = async (name: string, what: string): Promise<Record<string, string>> => {
        const parents = recordedParents(what, graph, labels[name]!, graph.parentArgs(name));
        for (const [arg, ref] of Object.entries(parents)) {
            const parent = graph.parentArgs(name)[arg]!;
            if (parent in found) continue;
            const image = await readImage(`${source}: its ${parent}`, ref, platform, access);
            labels[parent] = image.labels;
            found[parent] = { ref, platformDigests: image.list.platforms, parents: await walk(parent, `${source}: its ${parent} ${ref}`) };
        }
        return parents;
    };
    const parents = await walk(graph.promoted, `${source}: ${graph.promoted}'s list ${listRef}`);
    const chain = Object.fromEntries(graph.names.filter((name) => name in found).map((name) => [name, found[name]!]));
    return { chain, parents, versions: labelledVersions(labels, promotedLabels) };
}

/**
 * The promotion `settings` ask for, checked: the list exists, holds exactly the configured platforms, passed its
 * image tests (promoteFromStack), and its chain is readable and agrees with any pins. Throws ConfigError.
 */
export async function readPromotion(
    settings: Settings, graph: ImageGraph, entry: PlanEntry<string>, login: Login | undefined, readStack?: StackOutputsReader,
): Promise<Promotion> {
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
        fromStack = listFromStackOutputs(stack, outputs, entry.name, entry.repository);
    } else {
        source = `underworld-images:promoteDigest: ${settings.promoteDigest}`;
    }
    const listDigest = fromStack?.listDigest ?? settings.promoteDigest!;
    const listRef = `${entry.repository}@${listDigest}`;
    try {
        const { list, labels } = await readImage(source, listRef, platforms[0]!, access);
        const held = Object.keys(list.platforms);
        const problems = [
            ...platformProblems(source, entry.name, listRef, held, platforms),
            ...(fromStack === undefined ? [] : untestedProblems(source, entry.name, list.platforms, fromStack.testedDigests)),
        ];
        if (problems.length > 0) throw new ConfigError(problems);
        if (settings.signingPublicKey !== undefined) await requireSignature(source, entry.name, listRef, settings.signingPublicKey, access);
        const { chain, parents, versions } = await chainOf(source, graph, listRef, labels, platforms[0]!, access);
        const pins = pinProblems(source, entry.name, settings.pins, chain);
        if (pins.length > 0) throw new ConfigError(pins);
        return {
            source, listDigest, platformDigests: list.platforms, testedDigests: fromStack?.testedDigests ?? {},
            parents, chain, versions: fromStack?.versions ?? versions,
        };
    } catch (error) {
        if (error instanceof ConfigError) throw error;
        throw new ConfigError([`${source}: cannot check ${listRef}: ${(error as Error).message}`]);
    }
}
