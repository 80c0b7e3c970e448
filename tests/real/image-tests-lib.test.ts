// image-tests/lib.sh's check that a build left nothing in /tmp, run as the image tests run it: in a container
// of the Debian base image, with the suite's own files in /tmp beside whatever the image holds there.

import * as path from "node:path";
import test from "ava";
import { baseOsImage, run } from "../support/infra.ts";
import { PROJECT_DIR } from "../support/projectConfig.ts";

const LIB = path.join(PROJECT_DIR, "image-tests", "lib.sh");

/** Runs `script` (after lib.sh is sourced, in `mode`) in a container whose /tmp first gets `leftovers`. */
function suite(mode: string, leftovers: string, script: string) {
    return run("docker", [
        "run", "--rm", "--platform", "linux/amd64", "-v", `${LIB}:/tmp/image-tests-lib.sh:ro`, "--entrypoint", "/bin/bash",
        baseOsImage(), "-c", `${leftovers}; set -- ${mode}; source /tmp/image-tests-lib.sh; ${script}; finish`,
    ]);
}

test("a /tmp holding only the suite's own files passes", async (t) => {
    const result = await suite("default", "touch /tmp/test-image.sh /tmp/image-tests-binaries.py", "check_build_left_nothing_in_tmp");
    t.is(result.code, 0, result.stdout + result.stderr);
    t.regex(result.stdout, /^ok - the build left nothing in \/tmp$/m);
});

test("what a build left in /tmp fails the suite, named", async (t) => {
    const result = await suite("default", "mkdir -p /tmp/ompi.buildkitsandbox.0/pid.7", "check_build_left_nothing_in_tmp");
    t.is(result.code, 1, result.stdout + result.stderr);
    t.regex(result.stdout, /^not ok - the build left nothing in \/tmp$/m);
    t.regex(result.stdout, /^ {4}\/tmp\/ompi\.buildkitsandbox\.0$/m);
});

test("the check runs once, as the image's own user", async (t) => {
    const result = await suite("other-user", "mkdir -p /tmp/ompi.buildkitsandbox.0", "check_build_left_nothing_in_tmp");
    t.is(result.code, 0, result.stdout + result.stderr);
    t.notRegex(result.stdout, /the build left nothing/);
});
