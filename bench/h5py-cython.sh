#!/usr/bin/env bash
# Benchmark (not a test): may base's h5py be cythonized natively? Builds h5py for linux/arm64 as base does,
# once from its sdist with Cython under QEMU and once from a tree cythonized by a native x86_64 stage with the
# target's configuration, compares the C files and extension modules of both, and writes bench/h5py-cython.md.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=/dev/null
source "${UW_CACHE:-$HOME/.cache/underworld-images}/env.sh"
dir=bench/h5py-cython
bash hermetic/serve-index.sh >/dev/null   # fetches the locked sdists and wheels into $UW_CACHE/pypi/files
# The context: this folder and the locked files h5py's build takes, for both machines.
context=$(mktemp -d)
trap 'rm -rf "$context"' EXIT
cp "$dir"/* "$context/"
mkdir "$context/files"
for pattern in h5py-3.16.0.tar.gz mpi4py-4.1.2.tar.gz 'numpy-1.26.4-cp311-*' 'Cython-3.0.10-cp311-*' setuptools-80.9.0-py3-none-any.whl; do
    cp "$UW_CACHE"/pypi/files/$pattern "$context/files/"
done
log=$(mktemp)
build() {
    docker buildx build --platform linux/arm64 --progress plain --network host "$@" \
        --build-arg "BASE_OS_IMAGE=$UW_BASE_OS_IMAGE" "$context" 2>&1 | tee -a "$log" >/dev/null
}
# The inputs first, then one build at a time, so that no two share the 2 cores.
build --target inputs
build --target native-inputs
run="RUN_ID=$(date +%s%N)"
build --build-arg "$run" --target emulated
build --build-arg "$run" --target precythonized
build --build-arg "$run" --target compare
result=$(sed -n 's/^#[0-9]* [0-9.]* \(build .*\|cythonize natively.*\|C files: .*\|extension modules: .*\|C identical.*\|C differs: .*\|C kept.*\|C regenerated: .*\|modules identical\|modules differ: .*\)$/\1/p' "$log")
# The route holds only if all three hold: the same C, kept by the arm64 build, and the same modules.
for expected in "C identical" "C kept" "modules identical"; do
    grep -q "^$expected" <<< "$result" || { tail -n 40 "$log" >&2; echo "h5py-cython: no '$expected' line: the benchmark failed" >&2; exit 1; }
done
{
    echo "# h5py cythonized natively against under QEMU"
    echo
    echo "Recorded by \`bench/h5py-cython.sh\` on $(date +%F) at commit $(git rev-parse --short HEAD), on this amd64 machine: h5py 3.16.0"
    echo "built for linux/arm64 as base builds it (MPI on, Debian 12's MPI HDF5 1.10.8, numpy 1.26.4, Cython 3.0.10,"
    echo "the native compilers of dockerfiles/cross-compilers.stage), once from its sdist with every step in the"
    echo "arm64 stage, once from a tree that h5py's own build cythonized in a native x86_64 stage with the target's"
    echo "HDF5 directories; then both builds' C files and extension modules compared byte for byte."
    echo
    echo '```'
    echo "$result"
    echo '```'
} > bench/h5py-cython.md
cat bench/h5py-cython.md
