// What an image's test suites read, said once: the runner (run.ts) hands each suite exactly these files and
// variables, and an image's tests command (components/imageTestsCommand.ts) takes exactly these as its inputs,
// so that a change of any of them reruns the tests that read it, and a change of anything else reruns none.
//
// A suite reads its script (`<dockerfilesDir>/<suite>/test-image.sh`), the helpers every suite sources
// (lib.sh, and binaries.py, which lib.sh runs), the wheels locked for the image's users (lockedWheels.ts),
// and the EXPECT_<KEY> variables its script and the helpers name.

import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { wheelsForUsers } from "./lockedWheels.ts";

const HERE = path.dirname(new URL(import.meta.url).pathname);

/** The helpers every suite has, each as `[its path in the container, its path here]`. */
export const SUITE_HELPERS = {
    /** check/finish helpers every suite sources. */
    lib: ["/tmp/image-tests-lib.sh", path.join(HERE, "lib.sh")],
    /** The ELF check that suites run with check_binaries. */
    binaries: ["/tmp/image-tests-binaries.py", path.join(HERE, "binaries.py")],
} as const;

/** The suite's script, as a container runs it. */
export const SUITE_SCRIPT_IN_CONTAINER = "/tmp/test-image.sh";
/** The image's locked wheels for its users, one `name==version` a line, when it has a lock. */
export const LOCKED_WHEELS_IN_CONTAINER = "/tmp/image-tests-locked-wheels.txt";

/** The variable a suite reads an expectation (`python`, `mpi_flavour`, …) from. */
export const expectVariable = (key: string) => `EXPECT_${key.toUpperCase()}`;

/** The script of suite `suite`. */
export const suiteScript = (dockerfilesDir: string, suite: string) => path.resolve(dockerfilesDir, suite, "test-image.sh");

/** What the suites that run on an image read: files by a name that is the same in every clone, and values. */
export interface SuiteInputs {
    /** `<suite>/test-image.sh` (those that exist) and `image-tests/<helper>` -> the sha256 of its content. */
    readonly files: Readonly<Record<string, string>>;
    /** The expectations given that one of those files names (as EXPECT_<KEY>); the others no suite reads. */
    readonly expectations: Readonly<Record<string, string>>;
    /** Platform -> the wheels locked for the image's users there, which check_locked_wheels_installed checks. */
    readonly lockedWheels: Readonly<Record<string, readonly string[]>>;
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** What `suites`, run on `image` for `platforms`, read of `dockerfilesDir` and of `expectations`. */
export function suiteInputs(
    dockerfilesDir: string, image: string, suites: readonly string[], expectations: Readonly<Record<string, string>>, platforms: readonly string[],
): SuiteInputs {
    const texts: Record<string, string> = {};
    for (const suite of suites) {
        const script = suiteScript(dockerfilesDir, suite);
        if (fs.existsSync(script)) texts[`${suite}/test-image.sh`] = fs.readFileSync(script, "utf8");
    }
    for (const [, here] of Object.values(SUITE_HELPERS)) texts[`image-tests/${path.basename(here)}`] = fs.readFileSync(here, "utf8");
    const named = new Set(Object.values(texts).flatMap((text) => [...text.matchAll(/\bEXPECT_[A-Z0-9_]+\b/g)].map((m) => m[0])));
    return {
        files: Object.fromEntries(Object.entries(texts).map(([name, text]) => [name, sha256(text)])),
        expectations: Object.fromEntries(Object.entries(expectations).filter(([key]) => named.has(expectVariable(key)))),
        lockedWheels: Object.fromEntries(platforms.map((platform) => [platform, wheelsForUsers(dockerfilesDir, image, platform.split("/")[1]!)])),
    };
}
