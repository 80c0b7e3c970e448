// Pulumi.yaml's declared defaults and a stack file's overrides, as the program receives them (strings;
// arrays and objects as JSON text): for code that reads a stack's config without the Pulumi engine.

import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

export const PROJECT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

interface Declared {
    readonly default?: unknown;
}

export function projectDefaults(): Record<string, string> {
    return defaultsOf(fs.readFileSync(path.join(PROJECT_DIR, "Pulumi.yaml"), "utf8"));
}

/** A stack file's overrides (path relative to the project), in the same form. */
export function stackOverrides(file: string): Record<string, string> {
    return overridesOf(fs.readFileSync(path.resolve(PROJECT_DIR, file), "utf8"));
}

/** The defaults a Pulumi.yaml text declares: also for that file as it was at an older commit. */
export function defaultsOf(projectYaml: string): Record<string, string> {
    const project = parse(projectYaml) as { config: Record<string, Declared> };
    return Object.fromEntries(Object.entries(project.config).map(([key, declared]) => [key, asConfigText(declared.default)]));
}

/** The overrides a stack file's text holds. */
export function overridesOf(stackYaml: string): Record<string, string> {
    const stack = parse(stackYaml) as { config?: Record<string, unknown> } | null;
    return Object.fromEntries(Object.entries(stack?.config ?? {}).map(([key, value]) => [key.replace(/^underworld-images:/, ""), asConfigText(value)]));
}

function asConfigText(value: unknown): string {
    return typeof value === "string" ? value : JSON.stringify(value);
}
