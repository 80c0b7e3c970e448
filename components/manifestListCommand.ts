// How the list resources, scripts and tests call the project's manifest-list program and the image tests.

/**
 * The program's arguments to Node, run from the project directory (the working directory of Pulumi's
 * providers) with the Node that runs Pulumi. Relative, so that they are the same in every clone of the project.
 */
export const MANIFEST_LIST_NODE_ARGS = ["--import", "tsx", "manifest-list/cli.ts"] as const;
export const MANIFEST_LIST_PROGRAM = `node ${MANIFEST_LIST_NODE_ARGS.join(" ")}`;
export const IMAGE_TESTS_PROGRAM = "node --import tsx image-tests/run.ts";

/** Single-quotes a word for /bin/sh. */
export function shellQuote(word: string): string {
    return `'${word.replace(/'/g, `'\\''`)}'`;
}

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

export const SUPPLY_CHAIN_PROGRAM = "node --import tsx supply-chain/cli.ts";

/** The supply-chain program's `sign` command line: SBOMs and signatures of each platform's image, then of the list. */
export function signCommand(listRef: string, images: Readonly<Record<string, string>>, publicKeyFile: string): string {
    return [
        SUPPLY_CHAIN_PROGRAM, "sign", `--list ${shellQuote(listRef)}`,
        ...Object.entries(images).map(([platform, ref]) => `--image ${shellQuote(`${platform}=${ref}`)}`),
        `--public-key ${shellQuote(publicKeyFile)}`,
    ].join(" ");
}

/**
 * The image-tests command line: the `suites` (the image's own and its parents', as the plan lists them) on
 * each platform's image, each platform on the engine that built it (`builders`: platform -> Docker host;
 * others on the default engine). It prints what passed (read with `testedDigests`, imageTestRecord.ts).
 */
export function imageTestsCommand(
    dockerfilesDir: string, image: string, suites: readonly string[], refs: Readonly<Record<string, string>>,
    expectations: Readonly<Record<string, string>>, builders: Readonly<Record<string, string>> = {},
): string {
    return [
        IMAGE_TESTS_PROGRAM, `--dockerfiles ${shellQuote(dockerfilesDir)}`, `--image ${shellQuote(image)}`,
        ...suites.map((suite) => `--suite ${shellQuote(suite)}`),
        ...Object.entries(refs).map(([platform, ref]) => `--ref ${shellQuote(`${platform}=${ref}`)}`),
        ...Object.entries(expectations).map(([key, value]) => `--expect ${shellQuote(`${key}=${value}`)}`),
        ...Object.entries(builders).map(([platform, host]) => `--builder ${shellQuote(`${platform}=${host}`)}`),
        "--print-tested",
    ].join(" ");
}
