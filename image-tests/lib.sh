# Sourced by every test-image.sh, inside the container: `check <what> <command...>` reports one check as
# "ok - ..." / "not ok - ..."; `finish` ends the suite, failing if any check failed.
# $1 of the suite is its mode: "default" (the image's own user) or "other-user" (a uid the image does not know).
MODE=${1:-default}
FAILED=0

check() {
    local what=$1
    shift
    local output
    if output=$("$@" 2>&1); then
        echo "ok - $what"
    else
        echo "not ok - $what"
        printf '%s\n' "$output" | tail -n 20 | sed 's/^/    /'
        FAILED=$((FAILED + 1))
    fi
}

finish() {
    [ "$FAILED" -eq 0 ] || { echo "$FAILED check(s) failed"; exit 1; }
}

# The Python packages' directory of the image's environment.
site_packages() {
    python -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])'
}

# check_binaries <dir>...: the ELF files the image's build compiled into these directories are for the
# platform and find every library they need in the image. Once, as the image's own user.
check_binaries() {
    [ "$MODE" = default ] || return 0
    check "$* hold $EXPECT_ARCH binaries that find their libraries" python3 /tmp/image-tests-binaries.py "$EXPECT_ARCH" "$@"
}

# check_extension_modules <dir>...: every Python extension module in these directories (the wheels, installed
# by the build machine's pip) is for the platform and finds every library it needs in the image.
check_extension_modules() {
    [ "$MODE" = default ] || return 0
    check "$* hold $EXPECT_ARCH Python extension modules that find their libraries" \
        python3 /tmp/image-tests-binaries.py --extension-modules "$EXPECT_ARCH" "$@"
}

# check_no_other_machine_files: every ELF file of the whole image is for the platform (arm64 images are built
# with the build machine's x86_64 toolchain, none of whose files may reach them). Once, as the image's own user.
check_no_other_machine_files() {
    [ "$MODE" = default ] || return 0
    check "every ELF file in the image is $EXPECT_ARCH" python3 /tmp/image-tests-binaries.py --whole-image "$EXPECT_ARCH" /
}

# check_locked_wheels_installed: every wheel the image's lock gives its users (the runner's
# /tmp/image-tests-locked-wheels.txt: the lock less inputs.toml's build-only) is installed, at its locked version.
# Nothing to check for an image without a lock (the fixtures). Once, as the image's own user.
check_locked_wheels_installed() {
    [ "$MODE" = default ] && [ -s /tmp/image-tests-locked-wheels.txt ] || return 0
    check "every wheel locked for the image's users is installed, at its locked version" python -c '
import importlib.metadata as m, sys
problems = []
for line in open("/tmp/image-tests-locked-wheels.txt").read().split():
    name, version = line.split("==")
    try:
        installed = m.version(name)
    except m.PackageNotFoundError:
        installed = None
    if installed != version:
        problems.append(f"{name}: locked {version}, installed {installed}")
sys.exit("\n".join(problems) or None)'
}

# check_build_left_nothing_in_tmp: /tmp holds only what the test run put there (this suite's own files), not
# what a build step left (such as the session directory Open MPI makes when a check starts MPI). First in a
# suite, before any check of its own writes there; once, as the image's own user.
check_build_left_nothing_in_tmp() {
    [ "$MODE" = default ] || return 0
    check "the build left nothing in /tmp" bash -c \
        'left=$(find /tmp -mindepth 1 -maxdepth 1 ! -name "image-tests-*" ! -name test-image.sh); [ -z "$left" ] || { echo "$left"; exit 1; }'
}
