// The manifest-list program: run by each image's command resource, and by the tests directly.
//
//   create  --target <registry/repo:tag>... --source <platform>=<registry/repo@sha256:…>...
//   promote --target <registry/repo:tag>... --from <registry/repo@sha256:list> --platform <platform>...
//
// Credentials come from REGISTRY_USERNAME / REGISTRY_PASSWORD (never from arguments, which logs show).
// Progress goes to stderr; the last line on stdout is the list digest.

import { parseArgs } from "node:util";
import { createList, parseTargets, promoteList } from "./publish.ts";
import type { Credentials } from "./registry.ts";

const USAGE = `usage:
  manifest-list create  --target <registry/repo:tag> [--target …] --source <platform>=<registry/repo@sha256:…> [--source …]
  manifest-list promote --target <registry/repo:tag> [--target …] --from <registry/repo@sha256:…> --platform <platform> [--platform …]`;

function credentialsFromEnvironment(): Credentials | undefined {
    const username = process.env.REGISTRY_USERNAME;
    const password = process.env.REGISTRY_PASSWORD;
    return username && password ? { username, password } : undefined;
}

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

async function main(argv: string[]): Promise<string> {
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
    const log = (line: string) => process.stderr.write(`manifest-list: ${line}\n`);
    const target = parseTargets(values.target);
    switch (positionals[0]) {
        case "create":
            return createList(target, parseSources(values.source), credentialsFromEnvironment(), log);
        case "promote":
            if (values.from === undefined || values.platform.length === 0) throw new Error("promote needs --from and at least one --platform");
            return promoteList(target, values.from, values.platform, credentialsFromEnvironment(), log);
        default:
            throw new Error(`unknown command "${positionals[0] ?? ""}"`);
    }
}

main(process.argv.slice(2)).then(
    (digest) => process.stdout.write(`${digest}\n`),
    (error: Error) => {
        process.stderr.write(`manifest-list: error: ${error.message}\n${USAGE}\n`);
        process.exit(1);
    },
);
