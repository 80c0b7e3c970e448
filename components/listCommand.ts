// The command.local.Command that creates an image's manifest list from its tested per-platform images and
// pushes it by its digest only, by running the manifest-list program (`create --untagged`): it moves no tag.
// The image's tags resource (publishedList.ts) alone moves them, once the list is pushed (and signed, when
// the stack signs). Changing its text (new digests) reruns it as an update. It has no delete step: removing
// the resource never removes anything from the registry.

import * as command from "@pulumi/command";
import * as pulumi from "@pulumi/pulumi";
import { LOGIN_VARIABLES } from "../manifest-list/login.ts";
import type { RegistryCredentials } from "./publishedList.ts";
import { requireDigest } from "../manifest-list/references.ts";
import { createListCommand } from "./manifestListCommand.ts";

/** The list of `sources` (platform -> `repo@sha256:…`), in the repository of `listTags`, which it leaves where they are. */
export function listCommand(
    name: string,
    listTags: readonly string[],
    sources: pulumi.Input<Record<string, string>>,
    credentials: RegistryCredentials | undefined,
    opts: pulumi.CustomResourceOptions,
): { command: command.local.Command; digest: pulumi.Output<string> } {
    const resource = new command.local.Command(name, {
        create: pulumi.output(sources).apply((refs) => createListCommand(listTags, refs, true)),
        // The stack's login reaches the program through its environment, never its command line.
        environment: credentials === undefined ? undefined : loginEnvironment(credentials),
    }, opts);
    // The program prints progress, then the list's digest as its last line.
    const digest = resource.stdout.apply((out) => requireDigest(out.trim().split("\n").pop(), `${name}: manifest list`));
    return { command: resource, digest };
}

/** The environment that gives the project's programs the stack's login (none: Docker's own). */
export function loginEnvironment(credentials: RegistryCredentials | undefined): Record<string, pulumi.Input<string>> {
    return credentials === undefined
        ? {}
        : { [LOGIN_VARIABLES.username]: credentials.username, [LOGIN_VARIABLES.password]: pulumi.secret(credentials.password) };
}
