// What the benchmark scripts that build the real images share: a command that must succeed, and the plan of
// a stack file (the one scripts/deploy-local.sh writes) with every image built, whatever the file pins.

import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import { loadStack } from "../components/preflight/loadStack.ts";
import type { BuildPlan } from "../plan/plan.ts";
import { PROJECT_DIR, projectDefaults, stackOverrides } from "../config/projectConfig.ts";

/** Runs the command in the project folder and returns its output; on failure prints its tail and throws. */
export function must(description: string, command: string, args: readonly string[], logFile?: string): string {
    const result = spawnSync(command, args, { cwd: PROJECT_DIR, encoding: "utf8", maxBuffer: 256 << 20 });
    if (logFile !== undefined) fs.writeFileSync(logFile, `${result.stdout}${result.stderr}`);
    if (result.status !== 0) {
        console.error(`${result.stdout.slice(-2000)}${result.stderr.slice(-4000)}`);
        throw new Error(`${description} failed (exit ${result.status ?? result.signal})`);
    }
    return result.stdout;
}

/** The stack file's plan with the project's default pins (none): every image is built. */
export async function planBuildingEverything(stackFile: string): Promise<BuildPlan> {
    const raw = { ...projectDefaults(), ...stackOverrides(stackFile) };
    raw.pins = projectDefaults().pins;
    return (await loadStack({ raw, presentKeys: Object.keys(raw), secretKeys: [] })).plan;
}
