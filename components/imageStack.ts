// The Underworld image stack: config -> settings -> plan -> preflight (every check before anything is built) -> one
// component per image of the graph, parents first -> the stack outputs. A function of the image graph, the
// project's (config/images.ts) by default, so that a test can run the whole program on a graph with one more
// image; index.ts calls it and exports what it returns.

import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { MultiArchImage, type MultiArchImageArgs } from "./multiArchImage.ts";
import { PromotedImage } from "./promotedImage.ts";
import { stackVersions, stackOutputs, type ImageResult } from "./stackOutputs.ts";
import type { ImageGraph } from "../config/imageGraph.ts";
import { IMAGE_GRAPH } from "../config/images.ts";
import { CONFIG_KEYS, type Platform } from "../config/settings.ts";
import { imageTestExpectations } from "../plan/imageTestExpectations.ts";
import type { PlanEntry } from "../plan/plan.ts";
import type { Promotion } from "../plan/promotion.ts";
import { loadStack } from "./preflight/loadStack.ts";

/** Another stack's outputs, read through a StackReference (promoteFromStack), before any other resource exists. */
async function readStack(stack: string): Promise<Record<string, unknown>> {
    // A stack missing from the backend fails in the engine ("unknown stack"), before this program can say more.
    pulumi.log.info(`promoteFromStack: reading the outputs of stack "${stack}", which must exist in this backend (pulumi up -s ${stack} first)`);
    const reference = new pulumi.StackReference("promote-from", { name: stack });
    const names = ["images", "digests", "versions"];
    const details = await Promise.all(names.map((n) => reference.getOutputDetails(n)));
    return Object.fromEntries(names.flatMap((n, i) => {
        const value = details[i]!.value ?? details[i]!.secretValue;
        return value === undefined ? [] : [[n, value]];
    }));
}

/** What every image's resources share: the stack's login, engines, image tests and signing. */
type SharedArgs = Pick<MultiArchImageArgs, "credentials" | "providers" | "network" | "imageTests" | "signing">;

/**
 * One image's resources, by its plan's action, given the results of its parents (built before it): built,
 * promoted, inherited from what the promoted list stands on, or pinned / unused (no resource).
 */
function imageResult(entry: PlanEntry<string>, shared: SharedArgs, promotion: Promotion | undefined,
    results: Readonly<Record<string, ImageResult>>, components: Readonly<Record<string, pulumi.Resource>>): { result: ImageResult; component?: pulumi.Resource } {
    const name = entry.name;
    if (entry.action === "build") {
        const parentRefs = Object.fromEntries(Object.entries(entry.parentArgs).map(([arg, parent]) => [arg, results[parent]!.ref]));
        const image = new MultiArchImage(name, { entry, parentRefs, ...shared }, {
            dependsOn: Object.values(entry.parentArgs).flatMap((p) => components[p] ?? []),
        });
        return {
            component: image,
            result: {
                entry, ref: image.ref, digest: image.digest, platformDigests: image.platformDigests, parents: image.parents, testedDigests: image.testedDigests,
                signatures: image.signatures,
            },
        };
    }
    if (entry.action === "promote") {
        // Checked before any resource: the list exists, holds every platform and passed its tests.
        const image = new PromotedImage(name, { entry, listDigest: promotion!.listDigest, credentials: shared.credentials });
        return {
            component: image,
            result: {
                entry, ref: image.ref, digest: image.digest, platformDigests: promotion!.platformDigests, parents: promotion!.parents,
                testedDigests: promotion!.testedDigests,
            },
        };
    }
    if (entry.action === "inherit") {
        // What the promoted list stands on, as its labels record it: a release stack alone says its whole chain.
        const inherited = promotion!.chain[name];
        if (inherited === undefined) {
            // A list labelled before this image existed (the toolchain) records nothing of it.
            pulumi.log.info(`${name}: the promoted list's labels record none (it was built before ${name} was part of the chain)`);
            return { result: { entry, ref: pulumi.output("") } };
        }
        return { result: { entry, ref: inherited.ref, platformDigests: inherited.platformDigests, parents: inherited.parents } };
    }
    return { result: { entry, ref: pulumi.output(entry.pin ?? "") } };
}

/** The stack's resources for `graph`'s images, from the stack's config; returns the stack outputs. */
export async function imageStack(graph: ImageGraph = IMAGE_GRAPH) {
    const project = pulumi.getProject();
    const config = new pulumi.Config();
    const allConfig = pulumi.runtime.allConfig();
    const projectKeys = Object.keys(allConfig).filter((k) => k.startsWith(`${project}:`)).map((k) => k.slice(project.length + 1));
    // The SDK exports this check at run time but marks it internal; it is the only way to tell a secret key.
    const { isConfigSecret } = pulumi.runtime as unknown as { isConfigSecret(key: string): boolean };
    const secretKeys = projectKeys.filter((k) => isConfigSecret(`${project}:${k}`));
    const raw = Object.fromEntries(CONFIG_KEYS.filter((k) => !secretKeys.includes(k)).map((k) => [k, config.get(k)]));

    // The password and the signing key are used in-process for the preflight only; resources receive them as secrets.
    // A checkout build holds the checkout's own version and records its commit (unless underworldRevision says otherwise).
    const { settings, plan, underworld, promotion } = await loadStack({
        raw, presentKeys: projectKeys, secretKeys, password: allConfig[`${project}:registryPassword`], readStack,
        signing: { pem: allConfig[`${project}:signingKey`], password: allConfig[`${project}:signingKeyPassword`] }, graph,
    });

    if (underworld.commit !== undefined) {
        const staged = Object.values(plan).find((e) => e.sourceCheckout !== undefined)!;
        pulumi.log.info(`${staged.name}: building commit ${underworld.commit} of ${staged.sourceCheckout!.from}, version ${underworld.version}`);
    }

    // Signing: the private key is a secret (signingKey) or a file (signingKeyFile); resources get it as a secret.
    const signing = !settings.signs ? undefined : {
        key: settings.signingKeyFile === undefined ? { pem: config.requireSecret("signingKey") } : { file: settings.signingKeyFile },
        password: config.getSecret("signingKeyPassword"),
        publicKeyFile: settings.signingPublicKey!,
    };
    if (signing === undefined) pulumi.log.info("signing: off (no signingKey or signingKeyFile); lists and images are published unsigned");

    const shared: SharedArgs = {
        credentials: settings.registryUsername === undefined
            ? undefined
            : { username: settings.registryUsername, password: config.requireSecret("registryPassword") },
        providers: Object.fromEntries(Object.entries(settings.builders).map(([platform, host]) =>
            [platform, new docker.Provider(`builder-${platform.replace("/", "-")}`, { host })])) as Partial<Record<Platform, docker.Provider>>,
        network: settings.buildNetwork,
        imageTests: !settings.testImages ? undefined : { dockerfilesDir: settings.dockerfilesDir, expectations: imageTestExpectations(settings, underworld) },
        signing,
    };

    const results: Record<string, ImageResult> = {};
    const components: Record<string, pulumi.Resource> = {};
    for (const entry of Object.values(plan)) {
        pulumi.log.info(`${entry.name}: ${entry.action} (${entry.reason})`);
        const { result, component } = imageResult(entry, shared, promotion, results, components);
        results[entry.name] = result;
        if (component !== undefined) components[entry.name] = component;
    }
    return stackOutputs(results, promotion?.versions ?? stackVersions(settings, underworld));
}
