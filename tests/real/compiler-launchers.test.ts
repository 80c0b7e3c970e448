// The toolchain's compilers and launchers (dockerfiles/toolchain), over a small Open MPI build stage
// (tests/fixtures/compiler-launchers) as petsc's build stage takes them. Building arm64 on this amd64 machine, gcc
// is the x86_64 cross compiler, the shell and the MPI wrappers run natively and print the same flags as the
// target's own wrapper, and what mpicc compiles is an aarch64 MPI program that runs. On the build machine's own
// platform the toolchain adds nothing: the compilers, shell and wrappers are the image's own.

import * as path from "node:path";
import test from "ava";
import { inImage } from "../support/imageChecks.ts";
import { baseOsImage, buildContext, registry, uniqueNamespace } from "../support/infra.ts";
import { PROJECT_DIR } from "../support/projectConfig.ts";
import { toolchainImage } from "../support/toolchain.ts";

const context = path.join(PROJECT_DIR, "tests", "fixtures", "compiler-launchers");
const repository = `${registry()}/${uniqueNamespace("compiler-launchers")}/image`;
const WRAPPERS = ["mpicc", "mpicxx", "mpic++", "mpiCC", "mpif77", "mpif90", "mpifort"];
const QUERIES = ["--showme", "--showme:compile", "--showme:link"];
/** e_machine of an ELF file, as od prints its two bytes. */
const MACHINE = "od -An -tx1 -j18 -N2";
/** The machine gcc runs on and the one it compiles for. */
const GCC_HOST_TARGET = "gcc -v 2>&1 | sed -n 's/.*--host=\\([^ ]*\\).*--target=\\([^ ]*\\).*/host=\\1 target=\\2/p'";

/** The fixture built for `platform` with the toolchain of a `buildMachine` build machine (this amd64 one's by default). */
async function built(platform: string, buildMachine: "linux/amd64" | "linux/arm64" = "linux/amd64"): Promise<string> {
    const tag = `${platform.split("/")[1]}-on-${buildMachine.split("/")[1]}`;
    const digest = await buildContext(context, path.join(context, "Dockerfile"), platform, `${repository}:${tag}`,
        { BASE_OS_IMAGE: baseOsImage(), TOOLCHAIN_IMAGE: await toolchainImage(buildMachine), MPI_FLAVOUR: "ompi" });
    return `${repository}@${digest}`;
}

test("linux/arm64: the shell and Open MPI's wrappers run natively and print the target wrapper's flags; mpicc's program runs", async (t) => {
    const platform = "linux/arm64";
    const image = await built(platform);
    t.is(await inImage(image, platform, GCC_HOST_TARGET), "host=x86_64-linux-gnu target=aarch64-linux-gnu", "gcc is the x86_64 cross compiler");
    t.is(await inImage(image, platform, `${MACHINE} "$(readlink -f /bin/sh)"`), "3e 00", "/bin/sh is an x86_64 program");
    t.is(await inImage(image, platform, `${MACHINE} /usr/lib/x86_64-linux-gnu/opal-wrappers/opal_wrapper`), "3e 00");
    t.is(await inImage(image, platform, `${MACHINE} /usr/bin/opal_wrapper`), "b7 00", "the target's own wrapper stays");
    t.is(await inImage(image, platform, "cat /usr/lib/x86_64-linux-gnu/opal-wrappers/version"),
        await inImage(image, platform, "dpkg-query -W -f '${Version}' openmpi-bin"), "the same Open MPI version");
    for (const name of WRAPPERS) {
        for (const query of QUERIES) {
            const native = await inImage(image, platform, `${name}.openmpi ${query}`);
            const target = await inImage(image, platform, `bash -c 'exec -a ${name} /usr/bin/opal_wrapper ${query}'`);
            t.is(native, target, `${name} ${query}`);
            t.regex(native, /aarch64-linux-gnu/, `${name} ${query} names the target's directories`);
        }
    }
    t.is(await inImage(image, platform, `${MACHINE} /opt/compiled/hello-mpi`), "b7 00");
    const ranks = await inImage(image, platform, "mpirun --allow-run-as-root --oversubscribe -np 2 /opt/compiled/hello-mpi | sort");
    t.is(ranks, "rank 0 of 2\nrank 1 of 2");
});

test("linux/amd64: on the build machine's own platform the toolchain adds nothing: the compilers, shell and wrappers are the image's own", async (t) => {
    const platform = "linux/amd64";
    const image = await built(platform);
    t.is(await inImage(image, platform, GCC_HOST_TARGET), "host=x86_64-linux-gnu target=x86_64-linux-gnu", "gcc is the image's own");
    t.is(await inImage(image, platform, "test -e /usr/lib/x86_64-linux-gnu/opal-wrappers && echo present || echo absent"), "absent");
    t.is(await inImage(image, platform, "readlink -f /usr/bin/mpicc.openmpi"), "/usr/bin/opal_wrapper");
    t.is(await inImage(image, platform, "dpkg -V dash openmpi-bin && echo unchanged"), "unchanged", "no file of dash or openmpi-bin was replaced");
    t.is(await inImage(image, platform, "mpirun --allow-run-as-root --oversubscribe -np 2 /opt/compiled/hello-mpi | sort"), "rank 0 of 2\nrank 1 of 2");
});

// An arm64 build machine making amd64 images (a Mac with Apple silicon): its toolchain has no compilers or
// launchers for amd64, so those are switched off and the image keeps its own; apt-install runs the build
// machine's programs (here aarch64 ones, under QEMU, standing for that machine's native ones).
test("linux/amd64 built with an arm64 build machine's toolchain: no cross compiler or launcher; apt-install still installs", async (t) => {
    const platform = "linux/amd64";
    const image = await built(platform, "linux/arm64");
    t.is(await inImage(image, platform, GCC_HOST_TARGET), "host=x86_64-linux-gnu target=x86_64-linux-gnu", "gcc is the image's own");
    t.is(await inImage(image, platform, `${MACHINE} "$(readlink -f /bin/sh)"`), "3e 00", "/bin/sh is the image's own");
    t.is(await inImage(image, platform, "test -e /usr/lib/x86_64-linux-gnu/opal-wrappers && echo present || echo absent"), "absent");
    t.is(await inImage(image, platform, "dpkg -V dash openmpi-bin gcc-12 && echo unchanged"), "unchanged", "no file of the image's own programs was replaced");
    t.is(await inImage(image, platform, `${MACHINE} /opt/compiled/hello-mpi`), "3e 00");
    t.is(await inImage(image, platform, "mpirun --allow-run-as-root --oversubscribe -np 2 /opt/compiled/hello-mpi | sort"), "rank 0 of 2\nrank 1 of 2");
});
