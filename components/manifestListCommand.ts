// How the command resources call the project's manifest-list program, and read its answer.

import * as command from "@pulumi/command";
import * as pulumi from "@pulumi/pulumi";
import { requireDigest } from "./references.ts";

/**
 * The program, run from the project directory (the command provider's working directory) with the Node
 * that runs Pulumi. Relative, so that the command text is the same in every clone of the project.
 */
export const MANIFEST_LIST_PROGRAM = "node --import tsx manifest-list/cli.ts";
export const IMAGE_TESTS_PROGRAM = "node --import tsx image-tests/run.ts";

/** Credentials handed to the program through its environment, never its arguments. */
export interface RegistryCredentials {
    readonly username: pulumi.Input<string>;
    readonly password: pulumi.Input<string>;
}

/** Single-quotes a word for /bin/sh. */
export function shellQuote(word: string): string {
    return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The `create` command line that joins per-platform digests into a list under every tag. */
export function createListCommand(listTags: readonly string[], sources: Readonly<Record<string, string>>): string {
    const targets = listTags.map((t) => `--target ${shellQuote(t)}`);
    const inputs = Object.entries(sources).map(([platform, ref]) => `--source ${shellQuote(`${platform}=${ref}`)}`);
    return [MANIFEST_LIST_PROGRAM, "create", ...targets, ...inputs].join(" ");
}

/**
 * The image-tests command line: the image's suites (and its parents') on each platform's image, each
 * platform on the engine that built it (`builders`: platform -> Docker host; others on the default engine).
 * It prints what passed (read with `testedDigests`, imageTestRecord.ts).
 */
export function imageTestsCommand(
    dockerfilesDir: string, image: string, refs: Readonly<Record<string, string>>, expectations: Readonly<Record<string, string>>,
    builders: Readonly<Record<string, string>> = {},
): string {
    return [
        IMAGE_TESTS_PROGRAM, `--dockerfiles ${shellQuote(dockerfilesDir)}`, `--image ${shellQuote(image)}`,
        ...Object.entries(refs).map(([platform, ref]) => `--ref ${shellQuote(`${platform}=${ref}`)}`),
        ...Object.entries(expectations).map(([key, value]) => `--expect ${shellQuote(`${key}=${value}`)}`),
        ...Object.entries(builders).map(([platform, host]) => `--builder ${shellQuote(`${platform}=${host}`)}`),
        "--print-tested",
    ].join(" ");
}

/** The `promote` command line that publishes an existing list under every tag. */
export function promoteListCommand(listTags: readonly string[], from: string, platforms: readonly string[]): string {
    const targets = listTags.map((t) => `--target ${shellQuote(t)}`);
    return [MANIFEST_LIST_PROGRAM, "promote", ...targets, `--from ${shellQuote(from)}`, ...platforms.map((p) => `--platform ${shellQuote(p)}`)].join(" ");
}

/**
 * A command resource that runs the program. Changing its text (new digests) reruns it as an update.
 * There is no delete step: deleting the resource must never remove anything from the registry.
 */
export function manifestListCommand(
    name: string,
    commandLine: pulumi.Input<string>,
    credentials: RegistryCredentials | undefined,
    opts: pulumi.CustomResourceOptions,
): { command: command.local.Command; digest: pulumi.Output<string> } {
    const resource = new command.local.Command(name, {
        create: commandLine,
        environment: credentials === undefined ? undefined : { REGISTRY_USERNAME: credentials.username, REGISTRY_PASSWORD: credentials.password },
    }, opts);
    const digest = resource.stdout.apply((out) => requireDigest(out.trim().split("\n").pop(), `${name}: manifest list`));
    return { command: resource, digest };
}
