// The toolchain's runtime-packages (dockerfiles/toolchain), over a small build stage of each platform
// (tests/fixtures/runtime-packages): the packages it lists, reading the stage's files on the build machine, are
// those that the stage's own ldd and dpkg list when run there (under QEMU for arm64), as base and underworld2
// listed them before it existed.

import * as path from "node:path";
import test from "ava";
import { inImage } from "../support/imageChecks.ts";
import { baseOsImage, buildContext, registry, uniqueNamespace } from "../support/infra.ts";
import { PROJECT_DIR } from "../support/projectConfig.ts";
import { toolchainImage } from "../support/toolchain.ts";

const context = path.join(PROJECT_DIR, "tests", "fixtures", "runtime-packages");
const repository = `${registry()}/${uniqueNamespace("runtime-packages")}/image`;

// ldd's libraries of every .so in the folders named, each looked up in dpkg's database by its path, its link
// target or its path without /usr (Debian's merged /usr).
const LDD_AND_DPKG = `
find $(cat /tmp/runtime-libraries-of) -name '*.so*' -type f -exec ldd {} + \\
    | awk '$2 == "=>" && $3 ~ /^\\// { print $3 }' | sort -u \\
    | while read -r lib; do
        dpkg -S "$lib" 2>/dev/null || dpkg -S "$(readlink -f "$lib")" 2>/dev/null || dpkg -S "\${lib#/usr}" 2>/dev/null || true
    done | cut -d: -f1 | sort -u`;

// Each platform with this amd64 machine's toolchain, and amd64 with an arm64 build machine's (under QEMU here).
const BUILDS = [["linux/amd64", "linux/amd64"], ["linux/arm64", "linux/amd64"], ["linux/amd64", "linux/arm64"]] as const;

for (const [platform, buildMachine] of BUILDS) {
    test(`${platform} with the ${buildMachine} toolchain: runtime-packages lists what ldd and dpkg list in the build stage, a library behind Debian's alternatives included`, async (t) => {
        const tag = `${platform.split("/")[1]}-on-${buildMachine.split("/")[1]}`;
        const digest = await buildContext(context, path.join(context, "Dockerfile"), platform, `${repository}:${tag}`,
            { BASE_OS_IMAGE: baseOsImage(), TOOLCHAIN_IMAGE: await toolchainImage(buildMachine) });
        const image = `${repository}@${digest}`;
        const listed = (await inImage(image, platform, "cat /opt/runtime-packages.txt")).split("\n");
        const byLdd = (await inImage(image, platform, LDD_AND_DPKG)).split("\n");
        t.deepEqual(listed, byLdd);
        // libblas.so.3 is a link to /etc/alternatives/..., there a link to the library in blas/.
        t.true(listed.includes("libblas3"), listed.join(" "));
        t.true(listed.includes("libgfortran5"), listed.join(" "));
        t.false(listed.includes("liblapack3"), "the scanned files' own package is not among what they load");
    });
}
