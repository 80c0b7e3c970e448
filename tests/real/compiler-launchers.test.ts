// The compiler-launchers stage (dockerfiles/compiler-launchers.stage), built over a small Open MPI build stage
// (tests/fixtures/compiler-launchers) as petsc's build stage takes it. Building arm64 on this amd64 machine, the
// shell and the MPI wrappers run natively, print the same flags as the target's own wrapper, and what mpicc
// compiles is an aarch64 MPI program that runs. On the build machine's own platform the stage adds nothing.

import * as path from "node:path";
import test from "ava";
import { inImage } from "../support/imageChecks.ts";
import { baseOsImage, buildContext, registry, uniqueNamespace } from "../support/infra.ts";
import { PROJECT_DIR } from "../support/projectConfig.ts";

const context = path.join(PROJECT_DIR, "tests", "fixtures", "compiler-launchers");
const repository = `${registry()}/${uniqueNamespace("compiler-launchers")}/image`;
const WRAPPERS = ["mpicc", "mpicxx", "mpic++", "mpiCC", "mpif77", "mpif90", "mpifort"];
const QUERIES = ["--showme", "--showme:compile", "--showme:link"];
/** e_machine of an ELF file, as od prints its two bytes. */
const MACHINE = "od -An -tx1 -j18 -N2";

async function built(platform: string): Promise<string> {
    const digest = await buildContext(context, path.join(context, "Dockerfile"), platform, `${repository}:${platform.split("/")[1]}`,
        { BASE_OS_IMAGE: baseOsImage(), MPI_FLAVOUR: "ompi" });
    return `${repository}@${digest}`;
}

test("linux/arm64: the shell and Open MPI's wrappers run natively and print the target wrapper's flags; mpicc's program runs", async (t) => {
    const platform = "linux/arm64";
    const image = await built(platform);
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

test("linux/amd64: on the build machine's own platform the stage adds nothing: the shell and wrappers are the image's own", async (t) => {
    const platform = "linux/amd64";
    const image = await built(platform);
    t.is(await inImage(image, platform, "test -e /usr/lib/x86_64-linux-gnu/opal-wrappers && echo present || echo absent"), "absent");
    t.is(await inImage(image, platform, "readlink -f /usr/bin/mpicc.openmpi"), "/usr/bin/opal_wrapper");
    t.is(await inImage(image, platform, "dpkg -V dash openmpi-bin && echo unchanged"), "unchanged", "no file of dash or openmpi-bin was replaced");
    t.is(await inImage(image, platform, "mpirun --allow-run-as-root --oversubscribe -np 2 /opt/compiled/hello-mpi | sort"), "rank 0 of 2\nrank 1 of 2");
});
