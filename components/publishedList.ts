// A manifest list published under its tags, as a Pulumi resource that knows where its tags point
// (publishedListProvider.ts): preview and refresh report a tag moved by hand, and the next up puts it back.
// It keeps the tags of each list an image's command made (`<image>-tags`) and publishes a promotion.

import * as pulumi from "@pulumi/pulumi";
import { publishedListProvider } from "./publishedListProvider.ts";
import { requireDigest } from "../manifest-list/references.ts";

/** The stack's registry login, handed to the manifest-list program through its environment, never its arguments. */
export interface RegistryCredentials {
    readonly username: pulumi.Input<string>;
    readonly password: pulumi.Input<string>;
}

export interface PublishedListArgs {
    /** The manifest-list program's arguments (`createListArgs` or `promoteListArgs`). */
    readonly programArgs: pulumi.Input<readonly string[]>;
    /** Every tag of the list, `registry/repository:tag`. */
    readonly tags: readonly string[];
    /** The stack's login. Defaults to none: Docker's own login (`docker login`) is used, as for the image pushes. */
    readonly credentials?: RegistryCredentials;
}

export class PublishedList extends pulumi.dynamic.Resource {
    /** The list's digest. */
    declare public readonly digest: pulumi.Output<string>;
    /** Where each tag pointed when last published or refreshed. */
    declare public readonly tagDigests: pulumi.Output<Record<string, string | null>>;

    constructor(name: string, args: PublishedListArgs, opts?: pulumi.CustomResourceOptions) {
        super(publishedListProvider, name, {
            programArgs: args.programArgs,
            tags: args.tags,
            registryUsername: args.credentials?.username,
            registryPassword: args.credentials === undefined ? undefined : pulumi.secret(args.credentials.password),
            digest: undefined,
            tagDigests: undefined,
        }, { ...opts, additionalSecretOutputs: ["registryPassword"] }, "images", "PublishedList");
    }
}

/** A published list and its digest, checked to be one. */
export function publishedList(name: string, args: PublishedListArgs, opts: pulumi.CustomResourceOptions): { list: PublishedList; digest: pulumi.Output<string> } {
    const list = new PublishedList(name, args, opts);
    return { list, digest: list.digest.apply((d) => requireDigest(d, `${name}: manifest list`)) };
}
