# check_binaries (image-tests/lib.sh) runs this inside an image: every ELF file under the given directories
# (what the image's own builds compiled) is for the platform's machine, and finds every shared library it
# needs inside the image. arm64 images are compiled by x86_64 cross compilers: this is where a file of the
# wrong machine, or one linked against a library the image lacks, would show. With --extension-modules, only
# Python's extension modules count (wheels may carry helpers for other machines: debugpy's attach_linux_amd64.so
# is in its aarch64 wheel too): the wheels are installed by the build machine's pip, which must have taken the
# target's.
#
#   python3 binaries.py [--extension-modules] <x86_64|aarch64> <dir>...
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


def elf_files(dirs, extension_modules_only):
    for top in dirs:
        for root, _, files in os.walk(top):
            for name in files:
                path = os.path.join(root, name)
                if extension_modules_only and not EXTENSION_MODULE.search(name):
                    continue
                if not os.path.islink(path):
                    machine = elf_machine(path)
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


def main(arch, dirs, extension_modules_only):
    found = list(elf_files(dirs, extension_modules_only))
    problems = []
    if not found:
        problems.append(f"no ELF file under {' '.join(dirs)}: nothing to check")
    problems += [f"{path} is {machine}, not {arch}" for path, machine in found if machine != arch]
    problems += missing_libraries([path for path, _ in found])
    print(f"{len(found)} ELF files under {' '.join(dirs)}")
    for problem in problems[:40]:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    args = sys.argv[1:]
    extension_modules_only = args[:1] == ["--extension-modules"]
    if extension_modules_only:
        args = args[1:]
    if len(args) < 2 or args[0] not in MACHINES.values():
        print("usage: binaries.py [--extension-modules] <x86_64|aarch64> <dir>...", file=sys.stderr)
        sys.exit(2)
    sys.exit(main(args[0], args[1:], extension_modules_only))
