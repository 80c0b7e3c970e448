// Pulumi.yaml's declared defaults as the program receives them (strings; arrays and objects as JSON text),
// so that tests start from the real defaults rather than a copy of them.

import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

export const PROJECT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

interface Declared {
    readonly default?: unknown;
}

export function projectDefaults(): Record<string, string> {
    const project = parse(fs.readFileSync(path.join(PROJECT_DIR, "Pulumi.yaml"), "utf8")) as { config: Record<string, Declared> };
    return Object.fromEntries(Object.entries(project.config).map(([key, declared]) => [key, asConfigText(declared.default)]));
}

/** A stack file's overrides, in the same form. */
export function stackOverrides(file: string): Record<string, string> {
    const stack = parse(fs.readFileSync(path.join(PROJECT_DIR, file), "utf8")) as { config?: Record<string, unknown> } | null;
    return Object.fromEntries(Object.entries(stack?.config ?? {}).map(([key, value]) => [key.replace(/^underworld-images:/, ""), asConfigText(value)]));
}

function asConfigText(value: unknown): string {
    return typeof value === "string" ? value : JSON.stringify(value);
}

/** Defaults plus overrides, with `undefined` removing a key. */
export function configWith(overrides: Readonly<Record<string, string | undefined>>): Record<string, string> {
    const merged: Record<string, string | undefined> = { ...projectDefaults(), ...overrides };
    return Object.fromEntries(Object.entries(merged).filter((e): e is [string, string] => e[1] !== undefined));
}

export const DIGEST_A = `sha256:${"a".repeat(64)}`;
export const DIGEST_B = `sha256:${"b".repeat(64)}`;
export const DIGEST_C = `sha256:${"c".repeat(64)}`;
