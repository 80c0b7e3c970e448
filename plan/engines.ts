// Which Docker engine does a platform's work: the one `builders` names for it (a native arm64 machine over
// ssh, say), else the default engine. The plan records it per platform; the code that runs the docker CLI
// (buildx builds, the image tests, the builder checks) sends each call there through DOCKER_HOST, which
// outranks the docker CLI's current context, so a platform without a builder keeps whatever engine the
// caller's environment selects.

import type { PlanEntry } from "./plan.ts";

/** Platform -> builder, over the given images' platforms; platforms on the default engine are left out. */
export function buildersOf(entries: readonly PlanEntry<string>[]): Record<string, string> {
    return Object.fromEntries(entries.flatMap((e) => e.platforms).flatMap((p) => (p.builder === undefined ? [] : [[p.platform, p.builder]])));
}

/** The environment that sends the docker CLI to `builder`; without one, `env` as it is (the default engine). */
export function engineEnvironment(builder: string | undefined, env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
    return builder === undefined ? env : { ...env, DOCKER_HOST: builder };
}
