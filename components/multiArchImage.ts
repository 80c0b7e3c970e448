// One image of the stack: a docker.Image per platform, their image tests, then a manifest list joining the
// tested images (a command.local.Command pushing it by its digest only), signed with SBOMs when the stack has a
// key (signatures.ts), whose tags a PublishedList alone moves onto it and keeps there.

import * as command from "@pulumi/command";
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { buildersOf } from "../plan/engines.ts";
import { testedDigests } from "../image-tests/imageTestRecord.ts";
import { imageTestsCommand, imageTestsInputs } from "./imageTestsCommand.ts";
import { listCommand } from "./listCommand.ts";
import { promoteListArgs } from "./manifestListCommand.ts";
import { architectureOf, type PlanEntry } from "../plan/plan.ts";
import { publishedList, type RegistryCredentials } from "./publishedList.ts";
import { requireRepoDigest } from "../manifest-list/references.ts";
import type { Platform } from "../config/settings.ts";
import { signatures, type SigningArgs } from "./signatures.ts";
import type { SignedPublication } from "../supply-chain/signPublication.ts";

export interface MultiArchImageArgs {
    /** The plan entry of an image whose action is "build". */
    readonly entry: PlanEntry<string>;
    /** Build arg -> parent's pinned list reference (`repo@sha256:…`), one per entry of `entry.parentArgs`. */
    readonly parentRefs: Readonly<Record<string, pulumi.Input<string>>>;
    /** Registry login for pushes and for the list. Defaults to none: Docker's own login (`docker login`), or a registry without one. */
    readonly credentials?: RegistryCredentials;
    /**
     * A Docker engine per platform (e.g. a native arm64 builder): the provider of the engine `entry` routes that
     * platform to, which builds and pushes its image; its image tests run there too. Defaults to the default engine.
     */
    readonly providers?: Readonly<Partial<Record<Platform, docker.Provider>>>;
    /** Build network; "host" lets RUN steps reach a package index on the host's loopback. Defaults to "default". */
    readonly network?: "default" | "host";
    /**
     * Image tests that must pass before the list is published: the test-image.sh suites in this folder that
     * the entry lists (`entry.testSuites`: the image's and its parents'), given these expectations. Defaults to none.
     */
    readonly imageTests?: { readonly dockerfilesDir: string; readonly expectations: Readonly<Record<string, string>> };
    /** Sign each platform's image (with its SBOM) and the list before the tags move. Defaults to unsigned. */
    readonly signing?: SigningArgs;
}

export class MultiArchImage extends pulumi.ComponentResource {
    /** The list, pinned: `<repo>@sha256:<list digest>`. */
    public readonly ref: pulumi.Output<string>;
    /** The list digest. */
    public readonly digest: pulumi.Output<string>;
    /** Platform -> digest of that platform's image. */
    public readonly platformDigests: pulumi.Output<Record<string, string>>;
    /** Build arg -> the parent reference the image was built from. */
    public readonly parents: pulumi.Output<Record<string, string>>;
    /**
     * Platform -> digest of the image whose tests passed, as the image-tests command reported it: the record
     * that the list was tested, which promotion reads. Empty when the tests are off (`testImages: false`).
     */
    public readonly testedDigests: pulumi.Output<Record<string, string>>;
    /** Every tag the list is published under. */
    public readonly tags: readonly string[];
    /** The signatures and SBOM attestations of the list and its images; null when the stack does not sign. */
    public readonly signatures: pulumi.Output<SignedPublication | null>;

    constructor(name: string, args: MultiArchImageArgs, opts?: pulumi.ComponentResourceOptions) {
        super("underworld:images:MultiArchImage", name, {}, opts);
        const { entry } = args;
        validateArgs(name, args);

        const parents = pulumi.output(args.parentRefs) as pulumi.Output<Record<string, string>>;
        const registry = args.credentials === undefined
            ? undefined
            : { server: entry.repository.split("/")[0]!, username: args.credentials.username, password: args.credentials.password };

        const images = entry.platforms.map(({ platform, imageName }) => {
            const image = new docker.Image(`${name}-${architectureOf(platform)}`, {
                imageName,
                build: {
                    context: entry.context,
                    dockerfile: entry.dockerfile,
                    platform,
                    args: parents.apply((p) => ({ ...entry.args, ...p })),
                    builderVersion: "BuilderBuildKit",
                    network: args.network === "host" ? "host" : undefined,
                },
                registry,
            }, { parent: this, provider: args.providers?.[platform] });
            const digest = image.repoDigest.apply((d) => requireRepoDigest(d, `${name} ${platform}: pushed image`));
            return { platform, image, digest };
        });

        this.platformDigests = pulumi.all(images.map((i) => i.digest)).apply((digests) =>
            Object.fromEntries(images.map((i, n) => [i.platform, digests[n]!])));

        const platformRefs = this.platformDigests.apply((digests) =>
            Object.fromEntries(Object.entries(digests).map(([platform, digest]) => [platform, `${entry.repository}@${digest}`])));
        // Its inputs are what the suites read: their files (a change reruns them, and rebuilds nothing) and the expectations they check.
        const testInputs = args.imageTests === undefined ? undefined
            : imageTestsInputs(args.imageTests.dockerfilesDir, name, entry.testSuites, args.imageTests.expectations, entry.platforms.map((p) => p.platform));
        const tests = testInputs === undefined ? undefined : new command.local.Command(`${name}-image-tests`, {
            create: platformRefs.apply((refs) => imageTestsCommand(args.imageTests!.dockerfilesDir, name, entry.testSuites, refs, testInputs.expectations, buildersOf([entry]))),
            triggers: testInputs.triggers,
        }, { parent: this, dependsOn: images.map((i) => i.image) });
        // What the tests reported as passed, checked to be every platform's image: the list is made of these.
        this.testedDigests = tests === undefined
            ? pulumi.output({} as Record<string, string>)
            : pulumi.all([tests.stdout, platformRefs]).apply(([stdout, refs]) => testedDigests(stdout, refs, `${name} image tests`));
        const listSources = tests === undefined
            ? platformRefs
            : this.testedDigests.apply((tested) => Object.fromEntries(Object.entries(tested).map(([platform, digest]) => [platform, `${entry.repository}@${digest}`])));
        // The list is created and pushed, by its digest only, after every platform's image is pushed and has passed its tests.
        const list = listCommand(`${name}-manifest-list`, entry.listTags, listSources, args.credentials, {
            parent: this,
            dependsOn: [...images.map((i) => i.image), ...(tests === undefined ? [] : [tests])],
        });
        const ref = pulumi.interpolate`${entry.repository}@${list.digest}`;
        const signed = args.signing === undefined
            ? undefined
            : signatures(`${name}-signatures`, ref, listSources, args.signing, args.credentials, { parent: this, dependsOn: [list.command] });
        // Its tags move onto it (after the signatures, when the stack signs), by this resource alone, then stay:
        // preview and refresh report a tag moved by hand, and the next up puts it back.
        const platforms = entry.platforms.map((p) => p.platform);
        publishedList(`${name}-tags`, { programArgs: ref.apply((from) => promoteListArgs(entry.listTags, from, platforms)), tags: entry.listTags, credentials: args.credentials }, {
            parent: this,
            dependsOn: [list.command, ...(signed === undefined ? [] : [signed.command])],
        });

        this.digest = list.digest;
        this.ref = ref;
        this.parents = parents;
        this.tags = entry.listTags;
        this.signatures = signed?.signed ?? pulumi.output(null);
        this.registerOutputs({
            ref: this.ref, digest: this.digest, platformDigests: this.platformDigests, parents: this.parents, testedDigests: this.testedDigests, signatures: this.signatures,
        });
    }
}

/** Checks the args before any resource is created. Exported for testing. */
export function validateArgs(name: string, args: MultiArchImageArgs): void {
    const { entry } = args;
    if (entry.action !== "build") throw new Error(`${name}: the plan says "${entry.action}", not "build"`);
    if (entry.platforms.length === 0) throw new Error(`${name}: no platforms to build`);
    const expected = Object.keys(entry.parentArgs).sort().join(", ");
    const given = Object.keys(args.parentRefs).sort().join(", ");
    if (expected !== given) throw new Error(`${name}: parent references given for [${given}], expected [${expected}]`);
}
