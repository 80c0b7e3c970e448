// The `docker buildx build` that builds and pushes one platform of an image, for code that builds the plan
// without the Pulumi engine (scripts/build-without-pulumi.ts, the fixture tests). The digest pushed is
// written to `metadataFile` (containerimage.digest). Like docker.Image, it writes BuildKit's inline cache
// into the image it pushes.

import { INLINE_CACHE_ARGS } from "./layerCache.ts";

export interface BuildxBuild {
    readonly context: string;
    readonly dockerfile: string;
    readonly platform: string;
    readonly imageName: string;
    readonly buildArgs: Readonly<Record<string, string>>;
    readonly metadataFile: string;
    readonly network?: "default" | "host";
    /** Images whose inline cache the build may take layers from (plan/layerCache.ts). Defaults to none. */
    readonly cacheFrom?: readonly string[];
}

export function buildxCommand(build: BuildxBuild): string[] {
    return [
        "buildx", "build", "--platform", build.platform, "--network", build.network ?? "host", "--push", "--metadata-file", build.metadataFile,
        "-f", build.dockerfile, "-t", build.imageName,
        ...Object.entries({ ...build.buildArgs, ...INLINE_CACHE_ARGS }).flatMap(([k, v]) => ["--build-arg", `${k}=${v}`]),
        ...(build.cacheFrom ?? []).flatMap((ref) => ["--cache-from", ref]),
        build.context,
    ];
}
