// The end-to-end tests deploy throw-away copies of the project (scripts/scratch-project.ts, which bench/run.ts
// uses too) and say why they are skipped where the engine or a provider plugin is missing.

import { missingForEndToEnd } from "../../scripts/scratch-project.ts";

export { PulumiProject } from "../../scripts/scratch-project.ts";

/** The title suffix of an end-to-end test: empty when it runs, the reason when it is skipped. */
export function skipReason(): string {
    const missing = missingForEndToEnd();
    return missing === undefined ? "" : ` (skipped: missing ${missing})`;
}
