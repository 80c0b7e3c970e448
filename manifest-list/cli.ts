// The manifest-list program: run by each image's list resource, by set-up and scripts, and by the tests directly.
//
//   create  --target <registry/repo:tag>... --source <platform>=<registry/repo@sha256:…>...
//   promote --target <registry/repo:tag>... --from <registry/repo@sha256:list> --platform <platform>...
//   tags    --target <registry/repo:tag>...      where each tag points now, as JSON (null: no such tag)
//
// It logs in as Docker does (Docker's config file and credential helpers, from `docker login`), unless
// REGISTRY_USERNAME / REGISTRY_PASSWORD give a login, which then wins. Never from arguments, which logs and
// `ps` show. Progress goes to stderr; the last line on stdout is the list digest (or the JSON of `tags`).

import { parseArgs } from "node:util";
import { loginFromEnvironment } from "./login.ts";
import { createList, parseTargets, promoteList, targetPositions } from "./publish.ts";

const USAGE = `usage:
  manifest-list create  --target <registry/repo:tag> [--target …] --source <platform>=<registry/repo@sha256:…> [--source …]
  manifest-list promote --target <registry/repo:tag> [--target …] --from <registry/repo@sha256:…> --platform <platform> [--platform …]
  manifest-list tags    --target <registry/repo:tag> [--target …]`;

function parseSources(values: readonly string[]): Map<string, string> {
    const sources = new Map<string, string>();
    for (const value of values) {
        const eq = value.indexOf("=");
        if (eq === -1) throw new Error(`--source "${value}" is not <platform>=<reference>`);
        const platform = value.slice(0, eq);
        if (sources.has(platform)) throw new Error(`--source names ${platform} twice`);
        sources.set(platform, value.slice(eq + 1));
    }
    if (sources.size === 0) throw new Error("no --source given");
    return sources;
}

/** A mistake in the arguments: the usage is printed with it. */
class UsageError extends Error {}

/** The parsed arguments, or a UsageError saying what is wrong with them. */
function parseCommand(argv: string[]) {
    try {
        const { positionals, values } = parseArgs({
            args: argv,
            allowPositionals: true,
            options: {
                target: { type: "string", multiple: true, default: [] },
                source: { type: "string", multiple: true, default: [] },
                from: { type: "string" },
                platform: { type: "string", multiple: true, default: [] },
            },
        });
        const target = parseTargets(values.target);
        switch (positionals[0]) {
            case "create":
                return { command: "create", target, sources: parseSources(values.source) } as const;
            case "promote":
                if (values.from === undefined || values.platform.length === 0) throw new Error("promote needs --from and at least one --platform");
                return { command: "promote", target, from: values.from, platforms: values.platform } as const;
            case "tags":
                return { command: "tags", target } as const;
            default:
                throw new Error(`unknown command "${positionals[0] ?? ""}"`);
        }
    } catch (error) {
        throw new UsageError((error as Error).message);
    }
}

async function main(argv: string[]): Promise<string> {
    const parsed = parseCommand(argv);
    const log = (line: string) => process.stderr.write(`manifest-list: ${line}\n`);
    const login = loginFromEnvironment(process.env);
    switch (parsed.command) {
        case "create":
            return createList(parsed.target, parsed.sources, login, log);
        case "promote":
            return promoteList(parsed.target, parsed.from, parsed.platforms, login, log);
        case "tags":
            return JSON.stringify(await targetPositions(parsed.target, login));
    }
}

main(process.argv.slice(2)).then(
    (answer) => process.stdout.write(`${answer}\n`),
    (error: Error) => {
        process.stderr.write(`manifest-list: error: ${error.message}\n${error instanceof UsageError ? `${USAGE}\n` : ""}`);
        process.exit(1);
    },
);
