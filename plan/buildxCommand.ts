// The `docker buildx build` that builds and pushes one platform of an image, for code that builds the plan
// without the Pulumi engine (scripts/build-without-pulumi.ts, the fixture tests). The digest pushed is
// written to `metadataFile` (containerimage.digest).

export interface BuildxBuild {
    readonly context: string;
    readonly dockerfile: string;
    readonly platform: string;
    readonly imageName: string;
    readonly buildArgs: Readonly<Record<string, string>>;
    readonly metadataFile: string;
    readonly network?: "default" | "host";
}

export function buildxCommand(build: BuildxBuild): string[] {
    return [
        "buildx", "build", "--platform", build.platform, "--network", build.network ?? "host", "--push", "--metadata-file", build.metadataFile,
        "-f", build.dockerfile, "-t", build.imageName,
        ...Object.entries(build.buildArgs).flatMap(([k, v]) => ["--build-arg", `${k}=${v}`]),
        build.context,
    ];
}
