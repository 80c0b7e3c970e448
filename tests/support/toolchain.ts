// The real toolchain image (dockerfiles/toolchain), as the images take it: the variant of the machine that
// builds (FROM --platform=$BUILDPLATFORM). On this amd64 machine that is linux/amd64; the linux/arm64 variant,
// built under QEMU, stands for an arm64 build machine's (a Mac with Apple silicon). Built once per test file
// and platform; BuildKit's cache makes the later builds quick.

import * as path from "node:path";
import { baseOsImage, buildContext, registry, uniqueNamespace } from "./infra.ts";
import { PROJECT_DIR } from "./projectConfig.ts";

const built = new Map<string, Promise<string>>();

/** `repo@sha256:…` of the toolchain built for `platform` (the build machine's). */
export function toolchainImage(platform: "linux/amd64" | "linux/arm64" = "linux/amd64"): Promise<string> {
    if (!built.has(platform)) {
        built.set(platform, (async () => {
            const context = path.join(PROJECT_DIR, "dockerfiles", "toolchain");
            const repository = `${registry()}/${uniqueNamespace("toolchain")}/toolchain`;
            const digest = await buildContext(context, path.join(context, "Dockerfile"), platform, `${repository}:${platform.split("/")[1]}`,
                { BASE_OS_IMAGE: baseOsImage(), BASE_CHAIN_EPOCH: "tests" });
            return `${repository}@${digest}`;
        })());
    }
    return built.get(platform)!;
}
