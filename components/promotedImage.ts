// underworld2 on the release stack when promoting: a tested list published under the release tags, byte for byte.

import * as pulumi from "@pulumi/pulumi";
import { promoteListArgs } from "./manifestListCommand.ts";
import type { PlanEntry } from "../plan/plan.ts";
import { publishedList, type RegistryCredentials } from "./publishedList.ts";
import { requireDigest } from "../manifest-list/references.ts";

export interface PromotedImageArgs {
    /** The plan entry of an image whose action is "promote". */
    readonly entry: PlanEntry<string>;
    /** Digest of the tested list (from config, or from the dev stack's outputs). */
    readonly listDigest: pulumi.Input<string>;
    /** Registry login for the list. Defaults to none: Docker's own login (`docker login`), or a registry without one. */
    readonly credentials?: RegistryCredentials;
}

export class PromotedImage extends pulumi.ComponentResource {
    /** The list, pinned: `<repo>@sha256:<list digest>`; the same digest as the tested list. */
    public readonly ref: pulumi.Output<string>;
    public readonly digest: pulumi.Output<string>;
    public readonly tags: readonly string[];

    constructor(name: string, args: PromotedImageArgs, opts?: pulumi.ComponentResourceOptions) {
        super("underworld:images:PromotedImage", name, {}, opts);
        const { entry } = args;
        if (entry.action !== "promote") throw new Error(`${name}: the plan says "${entry.action}", not "promote"`);

        const from = pulumi.output(args.listDigest).apply((d) => `${entry.repository}@${requireDigest(d, `${name}: list to promote`)}`);
        const programArgs = from.apply((ref) => promoteListArgs(entry.listTags, ref, entry.platforms.map((p) => p.platform)));
        const list = publishedList(`${name}-promote`, { programArgs, tags: entry.listTags, credentials: args.credentials }, { parent: this });

        this.digest = list.digest;
        this.ref = pulumi.interpolate`${entry.repository}@${list.digest}`;
        this.tags = entry.listTags;
        this.registerOutputs({ ref: this.ref, digest: this.digest });
    }
}
