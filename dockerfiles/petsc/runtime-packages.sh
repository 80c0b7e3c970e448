#!/bin/bash
# Prints the Debian packages that hold the shared libraries loaded by the .so files under the given
# directories, one per line, sorted. A build stage runs it so that its final stage installs exactly these
# runtime packages and no compiler or header. Installed in the petsc image, so base and underworld2 use it too.
set -euo pipefail
# ldd fails on a file of another machine, which some wheels ship (debugpy's attach_linux_amd64.so in its
# arm64 wheel): such a file loads nothing here, so its failure is not one.
{ find "$@" -name '*.so*' -type f -exec ldd {} + 2>/dev/null || true; } \
    | awk '$2 == "=>" && $3 ~ /^\// { print $3 }' | sort -u \
    | while read -r lib; do
        # Debian's merged /usr: a library found under /usr/lib may be registered under /lib, or via its link target.
        dpkg -S "$lib" 2>/dev/null || dpkg -S "$(readlink -f "$lib")" 2>/dev/null || dpkg -S "${lib#/usr}" 2>/dev/null || true
    done \
    | cut -d: -f1 | sort -u
