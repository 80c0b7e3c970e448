import test from "ava";
import { lineage } from "../../image-tests/run.ts";

test("an image's tests include every image above it in the chain", (t) => {
    t.deepEqual(lineage("lavavu"), ["lavavu"]);
    t.deepEqual(lineage("base"), ["lavavu", "petsc", "base"]);
    t.deepEqual(lineage("underworld2"), ["lavavu", "petsc", "base", "underworld2"]);
});
