#!/bin/bash
# compile-all <out>: every zlib C file, fmtlib's C++ library, and LAPACK's reference BLAS (Fortran), -O2,
# one at a time; records which compiler ran (its --host) and how long each language took.
set -euo pipefail
out=$1
mkdir -p "$out/c" "$out/c++" "$out/fortran"
gcc -v 2>&1 | sed -n 's/.*--host=\([^ ]*\).*/\1/p' > "$out/host.txt"
timed() { local start=$EPOCHREALTIME; "$@"; awk "BEGIN { printf \"%.1f\", $EPOCHREALTIME - $start }"; }
{
    echo "c $(timed bash -c 'for f in /src/zlib/*.c; do gcc -O2 -c "$f" -o "'"$out"'/c/$(basename "$f" .c).o"; done')"
    echo "c++ $(timed bash -c 'for f in /src/fmt/src/*.cc; do g++ -O2 -std=c++17 -I/src/fmt/include -c "$f" -o "'"$out"'/c++/$(basename "$f" .cc).o"; done')"
    echo "fortran $(timed bash -c 'for f in /src/lapack/BLAS/SRC/*.f; do gfortran -O2 -c "$f" -o "'"$out"'/fortran/$(basename "$f" .f).o"; done')"
} > "$out/seconds.txt"
