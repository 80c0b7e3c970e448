// What the image tests expect the images to hold: the versions a stack is defined by.

import type { Settings } from "./settings.ts";

export function imageTestExpectations(settings: Settings): Record<string, string> {
    return {
        python: settings.versions.python, mpi_flavour: settings.mpiFlavour, mpi_version: settings.versions.mpi,
        petsc: settings.versions.petsc, lavavu: settings.versions.lavavu, underworld: settings.versions.underworld,
    };
}
