// The project's images, declared once (the shape of an entry: imageGraph.ts). Each gives its parents and the
// build arg each is passed as, whether it can be pinned, its place in a release, the images whose tests also
// run on it, and its build args. Adding an image is adding its entry here and its build context in
// dockerfiles/<name>/; the plan, the pins, promotion's chain, the program and the image tests follow.

import { ImageGraph, type ImageEntry } from "./imageGraph.ts";
import type { Settings } from "./settings.ts";

/** What every image but the toolchain is built with: PYTHON_VERSION is the toolchain's Python, which installs the wheels. */
const everyImage = (s: Settings) => ({ PYTHON_VERSION: s.versions.python, PYTHON_PACKAGE_INDEX: s.packageIndex });
/** The base chain's images also take BASE_CHAIN_EPOCH: a new one (rebuild-base) invalidates every cached layer. */
const baseChain = (s: Settings) => ({ ...everyImage(s), BASE_CHAIN_EPOCH: s.baseChainEpoch });

export const IMAGES = [
    {
        // The build machine's tools, which every image takes FROM --platform=$BUILDPLATFORM (dockerfiles/README.md).
        name: "toolchain", parents: {}, parentOf: { arg: "TOOLCHAIN_IMAGE", images: ["lavavu", "petsc", "base", "underworld2"] },
        pinnable: true, releaseRole: "base chain", alsoRunsTestsOf: [], buildTool: true,
        buildArgs: (s) => ({ BASE_OS_IMAGE: s.baseOsImage, BASE_CHAIN_EPOCH: s.baseChainEpoch }),
    },
    {
        name: "lavavu", parents: {}, pinnable: true, releaseRole: "base chain", alsoRunsTestsOf: [],
        buildArgs: (s) => ({ ...baseChain(s), BASE_OS_IMAGE: s.baseOsImage, LAVAVU_VERSION: s.versions.lavavu }),
    },
    {
        name: "petsc", parents: {}, pinnable: true, releaseRole: "base chain", alsoRunsTestsOf: [],
        buildArgs: (s) => ({
            ...baseChain(s), BASE_OS_IMAGE: s.baseOsImage, MPI_FLAVOUR: s.mpiFlavour, MPI_VERSION: s.versions.mpi, PETSC_VERSION: s.versions.petsc,
        }),
    },
    {
        name: "base", parents: { PETSC_IMAGE: "petsc", LAVAVU_IMAGE: "lavavu" }, pinnable: true, releaseRole: "base chain", alsoRunsTestsOf: ["petsc", "lavavu"],
        buildArgs: baseChain,
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
