// The Underworld image stack. This file only reads config, builds the plan, creates one component per
// image and exports the outputs. The image graph (the images and each one's parents) is declared in
// plan/plan.ts; the decisions live in config/ and plan/ as plain, tested code, the resources in components/.

import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { MultiArchImage } from "./components/multiArchImage.ts";
import { imageTestExpectations } from "./plan/imageTestExpectations.ts";
import { loadStack } from "./plan/loadStack.ts";
import { IMAGE_NAMES, type ImageName, type PlanEntry } from "./plan/plan.ts";
import { PromotedImage } from "./components/promotedImage.ts";
import { CONFIG_KEYS, type PinnableImage, type Platform } from "./config/settings.ts";
import { withStagedCheckout } from "./plan/underworldSource.ts";
import { stackVersions, stackOutputs, type ImageResult } from "./components/stackOutputs.ts";

const project = pulumi.getProject();
const config = new pulumi.Config();
const allConfig = pulumi.runtime.allConfig();
const projectKeys = Object.keys(allConfig).filter((k) => k.startsWith(`${project}:`)).map((k) => k.slice(project.length + 1));
// The SDK exports this check at run time but marks it internal; it is the only way to tell a secret key.
const { isConfigSecret } = pulumi.runtime as unknown as { isConfigSecret(key: string): boolean };
const secretKeys = projectKeys.filter((k) => isConfigSecret(`${project}:${k}`));
const raw = Object.fromEntries(CONFIG_KEYS.filter((k) => !secretKeys.includes(k)).map((k) => [k, config.get(k)]));

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

// The password and the signing key are used in-process for the preflight only; resources receive them as secrets.
const { settings, plan, promotion } = await loadStack({
    raw, presentKeys: projectKeys, secretKeys, password: allConfig[`${project}:registryPassword`], readStack,
    signing: { pem: allConfig[`${project}:signingKey`], password: allConfig[`${project}:signingKeyPassword`] },
});

const credentials = settings.registryUsername === undefined
    ? undefined
    : { username: settings.registryUsername, password: config.requireSecret("registryPassword") };

// A checkout build holds the checkout's own version and records its commit (unless underworldRevision says otherwise).
const underworld2 = withStagedCheckout(plan.underworld2, settings.underworldRevision);
if (underworld2.underworld.commit !== undefined) {
    pulumi.log.info(`underworld2: building commit ${underworld2.underworld.commit} of ${plan.underworld2.sourceCheckout!.from}, version ${underworld2.underworld.version}`);
}

const providers: Partial<Record<Platform, docker.Provider>> = Object.fromEntries(
    Object.entries(settings.builders).map(([platform, host]) => [platform, new docker.Provider(`builder-${platform.replace("/", "-")}`, { host })]));

// Signing: the private key is a secret (signingKey) or a file (signingKeyFile); resources get it as a secret.
const signing = !settings.signs ? undefined : {
    key: settings.signingKeyFile === undefined ? { pem: config.requireSecret("signingKey") } : { file: settings.signingKeyFile },
    password: config.getSecret("signingKeyPassword"),
    publicKeyFile: settings.signingPublicKey!,
};
if (signing === undefined) pulumi.log.info("signing: off (no signingKey or signingKeyFile); lists and images are published unsigned");

const imageTests = !settings.testImages ? undefined : { dockerfilesDir: settings.dockerfilesDir, expectations: imageTestExpectations(settings, underworld2.underworld) };

const results = {} as Record<ImageName, ImageResult>;
const components: Partial<Record<ImageName, pulumi.Resource>> = {};
for (const name of IMAGE_NAMES) {
    const entry: PlanEntry = name === "underworld2" ? underworld2.entry : plan[name];
    pulumi.log.info(`${name}: ${entry.action} (${entry.reason})`);
    if (entry.action === "build") {
        const parentNames = Object.values(entry.parentArgs);
        const parentRefs = Object.fromEntries(Object.entries(entry.parentArgs).map(([arg, parent]) => [arg, results[parent].ref]));
        const image = new MultiArchImage(name, { entry, parentRefs, credentials, providers, network: settings.buildNetwork, imageTests, signing }, {
            dependsOn: parentNames.flatMap((p) => components[p] ?? []),
        });
        components[name] = image;
        results[name] = {
            entry, ref: image.ref, digest: image.digest, platformDigests: image.platformDigests, parents: image.parents, testedDigests: image.testedDigests,
            signatures: image.signatures,
        };
    } else if (entry.action === "promote") {
        // Checked before any resource: the list exists, holds every platform and passed its tests.
        const image = new PromotedImage(name, { entry, listDigest: promotion!.listDigest, credentials });
        components[name] = image;
        results[name] = {
            entry, ref: image.ref, digest: image.digest, platformDigests: promotion!.platformDigests, parents: promotion!.parents,
            testedDigests: promotion!.testedDigests,
        };
    } else if (entry.action === "inherit") {
        // What the promoted list stands on, as its labels record it: a release stack alone says its whole chain.
        const inherited = promotion!.chain[name as PinnableImage];
        results[name] = { entry, ref: inherited.ref, platformDigests: inherited.platformDigests, parents: inherited.parents };
    } else {
        results[name] = { entry, ref: pulumi.output(entry.pin ?? "") };
    }
}

const outputs = stackOutputs(results, promotion?.versions ?? stackVersions(settings, underworld2.underworld));
export const images = outputs.images;
export const digests = outputs.digests;
export const versions = outputs.versions;
