// Config -> settings -> plan -> preflight (and, when promoting, the list to promote and its chain), as one
// step that either yields a plan that can be carried out or throws one ConfigError with every problem; then an
// underworld2 checkout is staged into its build context. Runs before any resource exists. plan/ decides; this
// is where the program reads and writes the outside world before anything is built.

import type { Login } from "../../manifest-list/login.ts";
import { buildPlan, type BuildPlan, type ImageName, type PlanEntry } from "../../plan/plan.ts";
import { preflightProblems } from "./checks.ts";
import { readPromotion } from "./promotion.ts";
import type { Promotion, StackOutputsReader } from "../../plan/promotion.ts";
import type { UnderworldBuild } from "../../plan/underworldSource.ts";
import { withStagedCheckout } from "./underworldCheckout.ts";
import type { ImageGraph } from "../../config/imageGraph.ts";
import { IMAGE_GRAPH } from "../../config/images.ts";
import { ConfigError, readSettings, type RawConfig, type Settings } from "../../config/settings.ts";
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

/**
 * The stack's settings, the plan as it is built (a checkout's version and commit in underworld2's build args,
 * its source staged), what underworld2 is built from, and the promotion, checked. Throws one ConfigError.
 */
export async function loadStack<Name extends string = ImageName>(
    input: StackInput<Name>,
): Promise<{ settings: Settings; plan: BuildPlan<Name>; underworld: UnderworldBuild; promotion?: Promotion }> {
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
    return { settings, ...withStagedCheckout(plan, settings), promotion: promotion as Promotion | undefined };
}
