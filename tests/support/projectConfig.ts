// Pulumi.yaml's declared defaults as the program receives them (strings; arrays and objects as JSON text),
// so that tests start from the real defaults rather than a copy of them.

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { stringify } from "yaml";
import { projectDefaults } from "../../config/projectConfig.ts";

export { PROJECT_DIR, projectDefaults, stackOverrides } from "../../config/projectConfig.ts";

/** `text` as a regular expression that matches it literally (a version's dots, say). */
export const literally = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Defaults plus overrides, with `undefined` removing a key. */
export function configWith(overrides: Readonly<Record<string, string | undefined>>): Record<string, string> {
    const merged: Record<string, string | undefined> = { ...projectDefaults(), ...overrides };
    return Object.fromEntries(Object.entries(merged).filter((e): e is [string, string] => e[1] !== undefined));
}

export const DIGEST_A = `sha256:${"a".repeat(64)}`;
export const DIGEST_B = `sha256:${"b".repeat(64)}`;
export const DIGEST_C = `sha256:${"c".repeat(64)}`;

/** A stack file holding these settings (written as YAML), in a directory of its own; returns its path. */
export function writeStackFile(settings: Readonly<Record<string, string>>): string {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "uw-stack-")), "Pulumi.test.yaml");
    fs.writeFileSync(file, stringify({ config: Object.fromEntries(Object.entries(settings).map(([key, value]) => [`underworld-images:${key}`, value])) }));
    return file;
}
