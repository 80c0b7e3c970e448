// A fifth image that only tests declare: `extra`, FROM underworld2 by digest, pinnable, built on every run.
// It is added as the project would add one: its graph entry (EXTRA) and its build context
// (tests/fixtures/extra-image/extra), beside a copy of the fixture images.

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ImageGraph, type ImageEntry } from "../../config/imageGraph.ts";
import { IMAGES } from "../../config/images.ts";
import { PROJECT_DIR } from "./projectConfig.ts";

export const EXTRA: ImageEntry = {
    name: "extra",
    parents: { UNDERWORLD2_IMAGE: "underworld2" },
    pinnable: true,
    releaseRole: "built every run",
    alsoRunsTestsOf: ["underworld2"],
    buildArgs: (s) => ({ PYTHON_VERSION: s.versions.python }),
};

/** The project's graph with EXTRA added, and nothing else changed. */
export const GRAPH_WITH_EXTRA = new ImageGraph([...IMAGES, EXTRA]);

/** A fresh directory holding the fixture images and extra's build context; returns its path. */
export function dockerfilesWithExtra(): string {
    const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "uw-extra-")), "dockerfiles");
    fs.cpSync(path.join(PROJECT_DIR, "tests", "fixtures", "dockerfiles"), dir, { recursive: true });
    fs.cpSync(path.join(PROJECT_DIR, "tests", "fixtures", "extra-image", "extra"), path.join(dir, "extra"), { recursive: true });
    return dir;
}
