// The manifest-list program: run by each image's list resource, by set-up and scripts, and by the tests directly.
//
//   create  --target <registry/repo:tag>... --source <platform>=<registry/repo@sha256:…>... [--untagged]
//           (--untagged: pushed by digest only, as the stack's list command does; `promote` moves the tags later)
//   promote --target <registry/repo:tag>... --from <registry/repo@sha256:list> --platform <platform>...
//   tags    --target <registry/repo:tag>...      where each tag points now, as JSON (null: no such tag)
//
// It logs in as Docker does (Docker's config file and credential helpers, from `docker login`), unless
// REGISTRY_USERNAME / REGISTRY_PASSWORD give a login, which then wins. Never from arguments, which logs and
// `ps` show. Progress goes to stderr; the last line on stdout is the list digest (or the JSON of `tags`).

import { parseArgs } from "node:util";
import { loginFromEnvironment } from "./login.ts";
import { platformReferences } from "./platformReferences.ts";
import { createList, parseTargets, promoteList, targetPositions } from "./publish.ts";

const USAGE = `usage:
  manifest-list create  --target <registry/repo:tag> [--target …] --source <platform>=<registry/repo@sha256:…> [--source …] [--untagged]
  manifest-list promote --target <registry/repo:tag> [--target …] --from <registry/repo@sha256:…> --platform <platform> [--platform …]
  manifest-list tags    --target <registry/repo:tag> [--target …]`;

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
                untagged: { type: "boolean", default: false },
            },
        });
        const target = parseTargets(values.target);
        switch (positionals[0]) {
            case "create":
                return { command: "create", target, sources: platformReferences(values.source, "--source"), untagged: values.untagged } as const;
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
            return createList(parsed.target, parsed.sources, login, log, parsed.untagged);
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
