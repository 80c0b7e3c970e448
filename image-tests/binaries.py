# check_binaries (image-tests/lib.sh) runs this inside an image: every ELF file under the given directories
# (what the image's own builds compiled) is for the platform's machine, and finds every shared library it
# needs inside the image. arm64 images are compiled by x86_64 cross compilers: this is where a file of the
# wrong machine, or one linked against a library the image lacks, would show. With --extension-modules, only
# Python's extension modules count (wheels may carry helpers for other machines: debugpy's attach_linux_amd64.so
# is in its aarch64 wheel too): the wheels are installed by the build machine's pip, which must have taken the
# target's. With --whole-image, every ELF file of the image's filesystem counts, for its machine only (no
# library check): an arm64 image is built with x86_64 programs (the toolchain), none of which may reach it.
#
#   python3 binaries.py [--extension-modules | --whole-image] <x86_64|aarch64> <dir>...
import os
import re
import subprocess
import sys

MACHINES = {62: "x86_64", 183: "aarch64"}


def elf_machine(path):
    """The ELF machine of a file, or None when it is not an ELF file."""
    with open(path, "rb") as f:
        header = f.read(20)
    if len(header) < 20 or header[:4] != b"\x7fELF":
        return None
    number = int.from_bytes(header[18:20], "little" if header[5] == 1 else "big")
    return MACHINES.get(number, f"machine {number}")


# An extension module's name, for any machine (`.cpython-311-x86_64-linux-gnu.so` would be the wrong wheel's).
EXTENSION_MODULE = re.compile(r"\.(cpython-[^.]+|abi3)\.so$")


# ELF files of another machine that a locked wheel ships on purpose: debugpy attaches a debugger to processes
# of either machine. Anything else of another machine is a leak from the build.
OTHER_MACHINE_BY_DESIGN = re.compile(r"/debugpy/_vendored/pydevd/pydevd_attach_to_process/attach_linux_(amd64|x86)\.so$")

# Not the image's files: the kernel's and the container runtime's.
NOT_THE_IMAGE = ("/proc", "/sys", "/dev")

# What the image's own user cannot read in a Debian image: Debian's passwords, locks, logs and root's private
# folders, none of them a program. Anything else unreadable would be a file this check could not look at.
DEBIANS_OWN_UNREADABLE = re.compile(r"^(/etc/(\.pwd\.lock|g?shadow-?|passwd-|security/opasswd|ssl/private)|/root|/usr/lib/ssl/private"
                                    r"|/var/log/(apt/term\.log|btmp)|/var/cache/(debconf/passwords\.dat|ldconfig|apt/archives/(partial|lock))"
                                    r"|/var/lib/dpkg/(lock|lock-frontend|triggers/Lock)|/var/lib/apt/lists/(partial|lock))$")


def elf_files(dirs, extension_modules_only, unreadable):
    for top in dirs:
        for root, subdirs, files in os.walk(top, onerror=lambda error: unreadable.append(error.filename)):
            subdirs[:] = [d for d in subdirs if os.path.join(root, d) not in NOT_THE_IMAGE]
            for name in files:
                path = os.path.join(root, name)
                if extension_modules_only and not EXTENSION_MODULE.search(name):
                    continue
                if not os.path.islink(path) and os.path.isfile(path):
                    try:
                        machine = elf_machine(path)
                    except PermissionError:
                        unreadable.append(path)
                        continue
                    if machine is not None:
                        yield path, machine


def missing_libraries(paths):
    """`<file>: <library> => not found` for every library ldd cannot find."""
    missing = []
    for start in range(0, len(paths), 100):
        out = subprocess.run(["ldd", *paths[start:start + 100]], capture_output=True, text=True).stdout
        current = paths[start]
        for line in out.splitlines():
            if not line.startswith("\t"):
                current = line.rstrip(":")
            elif "not found" in line:
                missing.append(f"{current}: {line.strip()}")
    return missing


def main(arch, dirs, extension_modules_only, whole_image):
    unreadable = []
    found = list(elf_files(dirs, extension_modules_only, unreadable))
    problems = [f"{path} cannot be read, so it was not checked" for path in unreadable if not DEBIANS_OWN_UNREADABLE.match(path)]
    if not found:
        problems.append(f"no ELF file under {' '.join(dirs)}: nothing to check")
    problems += [f"{path} is {machine}, not {arch}" for path, machine in found
                 if machine != arch and not (whole_image and OTHER_MACHINE_BY_DESIGN.search(path))]
    if not whole_image:
        problems += missing_libraries([path for path, _ in found])
    print(f"{len(found)} ELF files under {' '.join(dirs)}")
    for problem in problems[:40]:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    args = sys.argv[1:]
    mode = args.pop(0) if args[:1] in (["--extension-modules"], ["--whole-image"]) else None
    if len(args) < 2 or args[0] not in MACHINES.values():
        print("usage: binaries.py [--extension-modules | --whole-image] <x86_64|aarch64> <dir>...", file=sys.stderr)
        sys.exit(2)
    sys.exit(main(args[0], args[1:], mode == "--extension-modules", mode == "--whole-image"))
