// Config -> settings -> plan -> preflight (and, when promoting, the list to promote and its chain), as one
// step that either yields a plan that can be carried out or throws one ConfigError with every problem.
// Runs before any resource exists.

import type { Login } from "../manifest-list/login.ts";
import { buildPlan, type BuildPlan, type ImageName, type PlanEntry } from "./plan.ts";
import { preflightProblems } from "./preflight.ts";
import { readPromotion, type Promotion, type StackOutputsReader } from "./promotion.ts";
import type { ImageGraph } from "../config/imageGraph.ts";
import { IMAGE_GRAPH } from "../config/images.ts";
import { ConfigError, readSettings, type RawConfig, type Settings } from "../config/settings.ts";
import type { SigningSecrets } from "./signingCheck.ts";

export interface StackInput<Name extends string = ImageName> {
    readonly raw: RawConfig;
    readonly presentKeys: readonly string[];
    readonly secretKeys: readonly string[];
    /** The registry password, used in-process for the preflight only (it is checked that pins exist). */
    readonly password?: string;
    /** The secret signingKey and signingKeyPassword, used in-process for the preflight only (they must pair with signingPublicKey). */
    readonly signing?: SigningSecrets;
    /** Reads another stack's outputs (promoteFromStack); only pulumi up can. Defaults to none. */
    readonly readStack?: StackOutputsReader;
    /** The images and how they stand on each other. Defaults to the project's (config/images.ts). */
    readonly graph?: ImageGraph<Name>;
}

export async function loadStack<Name extends string = ImageName>(input: StackInput<Name>): Promise<{ settings: Settings; plan: BuildPlan<Name>; promotion?: Promotion }> {
    // Without a graph, the project's, whose names are ImageName (the default of Name): the cast only says so.
    const graph = input.graph ?? IMAGE_GRAPH as unknown as ImageGraph<Name>;
    const settings = readSettings(input.raw, input.presentKeys, input.secretKeys, graph);
    const plan = buildPlan(settings, graph);
    const promoted: PlanEntry<string> = plan[graph.promoted];
    const login: Login | undefined = settings.registryUsername && input.password
        ? { username: settings.registryUsername, password: input.password }
        : undefined;
    const [problems, promotion] = await Promise.all([
        preflightProblems(settings, plan, login, input.signing),
        promoted.action !== "promote" ? undefined : readPromotion(settings, graph, promoted, login, input.readStack).catch((error: unknown) => {
            if (error instanceof ConfigError) return error;
            throw error;
        }),
    ]);
    const all = [...problems, ...(promotion instanceof ConfigError ? promotion.problems : [])];
    if (all.length > 0) throw new ConfigError(all);
    return { settings, plan, promotion: promotion as Promotion | undefined };
}
