// The project's images, declared once (the shape of an entry: imageGraph.ts). Each gives its parents and the
// build arg each is passed as, whether it can be pinned, its place in a release, the images whose tests also
// run on it, and its build args. Adding an image is adding its entry here and its build context in
// dockerfiles/<name>/; the plan, the pins, promotion's chain, the program and the image tests follow.

import { ImageGraph, type ImageEntry } from "./imageGraph.ts";
import type { Settings } from "./settings.ts";

/**
 * What every image is built with: BASE_OS_IMAGE and PYTHON_VERSION are the build machine's cross compilers and
 * its Python (which installs the wheels) even in images built FROM a parent; a new BASE_CHAIN_EPOCH
 * invalidates every cached layer.
 */
const everyImage = (s: Settings) => ({ BASE_OS_IMAGE: s.baseOsImage, PYTHON_VERSION: s.versions.python, BASE_CHAIN_EPOCH: s.baseChainEpoch, PYTHON_PACKAGE_INDEX: s.packageIndex });

export const IMAGES = [
    {
        name: "lavavu", parents: {}, pinnable: true, releaseRole: "base chain", alsoRunsTestsOf: [],
        buildArgs: (s) => ({ ...everyImage(s), LAVAVU_VERSION: s.versions.lavavu }),
    },
    {
        name: "petsc", parents: {}, pinnable: true, releaseRole: "base chain", alsoRunsTestsOf: [],
        buildArgs: (s) => ({ ...everyImage(s), MPI_FLAVOUR: s.mpiFlavour, MPI_VERSION: s.versions.mpi, PETSC_VERSION: s.versions.petsc }),
    },
    {
        name: "base", parents: { PETSC_IMAGE: "petsc", LAVAVU_IMAGE: "lavavu" }, pinnable: true, releaseRole: "base chain", alsoRunsTestsOf: ["petsc", "lavavu"],
        buildArgs: everyImage,
    },
    {
        name: "underworld2", parents: { BASE_IMAGE: "base" }, pinnable: false, releaseRole: "promoted", alsoRunsTestsOf: ["base"], buildsUnderworld: true,
        buildArgs: (s) => ({
            ...everyImage(s), UNDERWORLD_VERSION: s.versions.underworld, UNDERWORLD_SOURCE: s.underworldSource.kind,
            UNDERWORLD_REVISION: s.underworldRevision || (s.underworldSource.kind === "release" ? `v${s.versions.underworld}` : "unknown"),
        }),
    },
] as const satisfies readonly ImageEntry[];

export type ImageName = (typeof IMAGES)[number]["name"];

/** The project's image graph. */
export const IMAGE_GRAPH = new ImageGraph<ImageName>(IMAGES);

/** The project's images, each after its parents. */
export const IMAGE_NAMES = IMAGE_GRAPH.names;
