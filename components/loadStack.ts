// Config -> settings -> plan -> preflight, as one step that either yields a plan that can be built or
// throws one ConfigError with every problem. Runs before any resource exists.

import type { Login } from "../manifest-list/login.ts";
import { buildPlan, type BuildPlan } from "./plan.ts";
import { preflightProblems } from "./preflight.ts";
import { ConfigError, readSettings, type RawConfig, type Settings } from "./settings.ts";

export interface StackInput {
    readonly raw: RawConfig;
    readonly presentKeys: readonly string[];
    readonly secretKeys: readonly string[];
    /** The registry password, used in-process for the preflight only (it is checked that pins exist). */
    readonly password?: string;
}

export async function loadStack(input: StackInput): Promise<{ settings: Settings; plan: BuildPlan }> {
    const settings = readSettings(input.raw, input.presentKeys, input.secretKeys);
    const plan = buildPlan(settings);
    const login: Login | undefined = settings.registryUsername && input.password
        ? { username: settings.registryUsername, password: input.password }
        : undefined;
    const problems = await preflightProblems(settings, plan, login);
    if (problems.length > 0) throw new ConfigError(problems);
    return { settings, plan };
}
