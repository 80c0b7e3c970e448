// The MPICH flavour of the fixture stack, with the MPI keys of Pulumi.dev-mpich.yaml: built for both
// platforms by scripts/build-without-pulumi.ts, its image tests asserting the flavour and version, published
// under its own tags beside the OpenMPI stack's.

import test from "ava";
import { stackOverrides } from "../../config/projectConfig.ts";
import { inImage } from "../support/imageChecks.ts";
import { baseOsImage, registry, registryManifest, run, uniqueNamespace } from "../support/infra.ts";
import { writeStackFile } from "../support/projectConfig.ts";

const mpich = stackOverrides("Pulumi.dev-mpich.yaml");

test("the MPICH stack builds, passes its image tests and publishes under dev-mpich, on both platforms", async (t) => {
    const namespace = uniqueNamespace("fixture-mpich");
    const result = await run(process.execPath, ["--import", "tsx", "scripts/build-without-pulumi.ts", "--stack-file", writeStackFile({
        registry: registry(), namespace, baseOsImage: baseOsImage(), dockerfilesDir: "tests/fixtures/dockerfiles",
        platforms: '["linux/amd64","linux/arm64"]', mpiFlavour: mpich.mpiFlavour!, mpiVersion: mpich.mpiVersion!, tag: mpich.tag!,
    })]);
    t.is(result.code, 0, result.stderr);
    t.regex(result.stderr, /image-tests: passed: petsc tests on underworld2 linux\/arm64/, "the petsc suite, which asserts the MPI flavour and version, ran");
    for (const name of ["petsc", "base", "underworld2"]) {
        t.is((await registryManifest(`${namespace}/${name}`, "dev-mpich")).status, 200, `${name}:dev-mpich`);
        t.is((await registryManifest(`${namespace}/${name}`, "dev")).status, 404, `${name}:dev stays the OpenMPI stack's`);
    }
    for (const platform of ["linux/amd64", "linux/arm64"]) {
        const petsc = `${registry()}/${namespace}/petsc:dev-mpich`;
        t.true((await inImage(petsc, platform, "cat /opt/fixture/petsc.txt")).split("\n").includes(`mpi=mpich-${mpich.mpiVersion}`), platform);
    }
});
