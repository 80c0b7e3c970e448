// BuildKit's layer cache between runs on machines that start empty (GitHub's hosted runners), kept in the
// registry: every build writes its cache keys into the image it pushes (BuildKit's inline cache), and the next
// build of that platform imports them from the image's own per-platform tag, so a step whose inputs did not
// change takes its layer from the registry instead of running again.
//
// Why inline and not a full (mode=max) registry cache: docker.Image builds through the Docker engine's build
// API, whose BuildKit exports the inline cache only. The inline cache holds the layers of the final stage, so
// a step of a build stage (a compiler stage, PETSc's build) is taken from it only when everything after it in
// its stage is unchanged too. A builder that keeps its engine (`builders`, a self-hosted runner) has the full
// cache of its own.

import type { PlatformBuild } from "./plan.ts";

/** The build arg that makes the engine's BuildKit write its inline cache into the pushed image. */
export const INLINE_CACHE_ARGS: Readonly<Record<string, string>> = { BUILDKIT_INLINE_CACHE: "1" };

/**
 * Where a platform's build imports its cache from: the per-platform tag the previous run of the stack pushed.
 * A tag, not a digest, so that the build's inputs stay the same from run to run; one per platform, so that
 * two platforms built at once never read each other's cache. Missing on a first run: the build runs cold.
 */
export function cacheSources(build: PlatformBuild): string[] {
    return [build.imageName];
}
