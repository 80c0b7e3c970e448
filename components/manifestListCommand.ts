// How the list resources, scripts and tests call the project's manifest-list program: its arguments and command lines.

import { shellQuote } from "./shellQuote.ts";

/**
 * The program's arguments to Node, run from the project directory (the working directory of Pulumi's
 * providers) with the Node that runs Pulumi. Relative, so that they are the same in every clone of the project.
 */
export const MANIFEST_LIST_NODE_ARGS = ["--import", "tsx", "manifest-list/cli.ts"] as const;
export const MANIFEST_LIST_PROGRAM = `node ${MANIFEST_LIST_NODE_ARGS.join(" ")}`;

/** The program's arguments that join per-platform digests into a list under every tag (`untagged`: by its digest only). */
export function createListArgs(listTags: readonly string[], sources: Readonly<Record<string, string>>, untagged = false): string[] {
    return [
        "create", ...listTags.flatMap((t) => ["--target", t]), ...Object.entries(sources).flatMap(([platform, ref]) => ["--source", `${platform}=${ref}`]),
        ...(untagged ? ["--untagged"] : []),
    ];
}

/** The program's arguments that publish an existing list under every tag. */
export function promoteListArgs(listTags: readonly string[], from: string, platforms: readonly string[]): string[] {
    return ["promote", ...listTags.flatMap((t) => ["--target", t]), "--from", from, ...platforms.flatMap((p) => ["--platform", p])];
}

/** The program's command line for /bin/sh: options bare, their values quoted. */
function commandLine(args: readonly string[]): string {
    return [MANIFEST_LIST_PROGRAM, ...args.map((word, i) => (i === 0 || word.startsWith("--") ? word : shellQuote(word)))].join(" ");
}

/** The `create` command line. */
export function createListCommand(listTags: readonly string[], sources: Readonly<Record<string, string>>, untagged = false): string {
    return commandLine(createListArgs(listTags, sources, untagged));
}
