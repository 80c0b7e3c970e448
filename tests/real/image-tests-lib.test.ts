// image-tests/lib.sh's checks, run as the image tests run them: that a build left nothing in /tmp, in a container
// of the Debian base image with the suite's own files in /tmp beside whatever the image holds there; and that
// every ELF file of an image is its platform's, in containers of the toolchain images.

import * as path from "node:path";
import test from "ava";
import { baseOsImage, run } from "../support/infra.ts";
import { PROJECT_DIR } from "../support/projectConfig.ts";
import { toolchainImage } from "../support/toolchain.ts";

const LIB = path.join(PROJECT_DIR, "image-tests", "lib.sh");
const BINARIES = path.join(PROJECT_DIR, "image-tests", "binaries.py");

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

/**
 * lib.sh's check_no_other_machine_files in a container of `image` for `platform`, after `setup` ran as root; as
 * uid 1000, as the image tests run it, or as root, who reads every file (the toolchain's apt lists are root's).
 */
async function wholeImageCheck(image: string, platform: string, arch: string, { setup = "true", asRoot = false } = {}) {
    const check = "set -- default; source /tmp/image-tests-lib.sh; check_no_other_machine_files; finish";
    return run("docker", [
        "run", "--rm", "--platform", platform, "-e", `EXPECT_ARCH=${arch}`,
        "-v", `${LIB}:/tmp/image-tests-lib.sh:ro`, "-v", `${BINARIES}:/tmp/image-tests-binaries.py:ro`, "--entrypoint", "/bin/bash", image, "-c",
        `${setup}; ${asRoot ? "" : "setpriv --reuid 1000 --regid 100 --clear-groups "}bash -c '${check}'`,
    ]);
}

// The toolchain images: amd64's holds aarch64 files (its cross compilers' libraries), arm64's only aarch64 ones.
test("an image holding ELF files of another machine fails the whole-image check, naming them", async (t) => {
    const result = await wholeImageCheck(await toolchainImage("linux/amd64"), "linux/amd64", "x86_64");
    t.is(result.code, 1, result.stdout + result.stderr);
    t.regex(result.stdout, /^not ok - every ELF file in the image is x86_64$/m);
    t.regex(result.stdout, /^ {4}\/usr\/aarch64-linux-gnu\/\S+ is aarch64, not x86_64$/m);
});

test("an image whose ELF files are all its machine's passes the whole-image check", async (t) => {
    const result = await wholeImageCheck(await toolchainImage("linux/arm64"), "linux/arm64", "aarch64", { asRoot: true });
    t.is(result.code, 0, result.stdout + result.stderr);
    t.regex(result.stdout, /^ok - every ELF file in the image is aarch64$/m);
});

test("a file the image's user cannot read, other than Debian's own, fails the whole-image check: it was not looked at", async (t) => {
    const result = await wholeImageCheck(await toolchainImage("linux/arm64"), "linux/arm64", "aarch64", { setup: "install -m 600 /bin/true /opt/unreadable" });
    t.is(result.code, 1, result.stdout + result.stderr);
    t.regex(result.stdout, /^ {4}\/opt\/unreadable cannot be read, so it was not checked$/m);
});
