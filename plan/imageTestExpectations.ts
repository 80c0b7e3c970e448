// What the image tests expect the images to hold: the versions a stack is defined by, except that
// underworld2 is expected to hold what it was built from (a checkout carries its own version and commit).

import type { Settings } from "../config/settings.ts";
import type { UnderworldBuild } from "./underworldSource.ts";

export function imageTestExpectations(settings: Settings, underworld: UnderworldBuild): Record<string, string> {
    return {
        python: settings.versions.python, mpi_flavour: settings.mpiFlavour, mpi_version: settings.versions.mpi,
        petsc: settings.versions.petsc, lavavu: settings.versions.lavavu, underworld: underworld.version,
        ...(underworld.commit === undefined ? {} : { underworld_commit: underworld.commit }),
    };
}
