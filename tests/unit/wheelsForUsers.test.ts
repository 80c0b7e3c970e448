// Where a Python package for users goes (hermetic/inputs.toml): under [base], whose wheels are the environment
// of base and of underworld2. underworld2's image adds Underworld alone to base's, so every other wheel it locks
// must be base's too, or its build's alone (build-only); the image tests check the rest are installed.

import * as path from "node:path";
import test from "ava";
import { buildOnly, lockedWheels, normalized, wheelsForUsers } from "../../image-tests/lockedWheels.ts";
import { PROJECT_DIR } from "../support/projectConfig.ts";

const DOCKERFILES = path.join(PROJECT_DIR, "dockerfiles");

for (const arch of ["amd64", "arm64"]) {
    test(`${arch}: every wheel underworld2 locks is base's at the same version, or its build's alone`, (t) => {
        const base = lockedWheels(path.join(DOCKERFILES, "base", `wheels-${arch}.txt`));
        const strays = wheelsForUsers(DOCKERFILES, "underworld2", arch).filter((wheel) => !base.includes(wheel));
        t.deepEqual(strays, [], `underworld2's image takes Underworld alone from its build: a package for users goes under [base] `
            + "in hermetic/inputs.toml, one its build alone needs under [underworld2]'s build-only");
    });
}

test("underworld2's build tools are locked, and left out of what its users get", (t) => {
    t.deepEqual(buildOnly("underworld2"), ["swig", "cmake", "ninja"]);
    const forUsers = wheelsForUsers(DOCKERFILES, "underworld2", "amd64").map((wheel) => normalized(wheel.split("==")[0]!));
    const locked = lockedWheels(path.join(DOCKERFILES, "underworld2", "wheels-amd64.txt")).map((wheel) => normalized(wheel.split("==")[0]!));
    t.true(locked.includes("swig") && !forUsers.includes("swig"));
    t.true(forUsers.includes("numpy"));
});

test("an image without a build-only list gives its users every wheel it locks; the fixtures lock none", (t) => {
    t.deepEqual(wheelsForUsers(DOCKERFILES, "base", "arm64"), lockedWheels(path.join(DOCKERFILES, "base", "wheels-arm64.txt")));
    t.deepEqual(wheelsForUsers(path.join(PROJECT_DIR, "tests", "fixtures", "dockerfiles"), "base", "amd64"), []);
});
