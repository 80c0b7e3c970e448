#!/usr/bin/env bash
# Benchmark (not a test): may petsc cythonize mpi4py and petsc4py natively? Runs each package's own Cython
# step (`setup.py build_src`) under QEMU in a linux/arm64 container, with the lock's aarch64 wheels of Cython,
# NumPy and setuptools, as petsc's build stage did; builds petsc's `mpi4py-petsc4py-c` stage for linux/arm64
# (native on this machine); compares the C and headers of both byte for byte; writes
# bench/mpi4py-petsc4py-cython.md.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=/dev/null
source "${UW_CACHE:-$HOME/.cache/underworld-images}/env.sh"
index=$(bash hermetic/serve-index.sh)   # fetches the locked sdists and wheels into $UW_CACHE/pypi/files
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
arm64_base="$(crane digest --platform linux/arm64 "$UW_BASE_OS_IMAGE")"
grep -E '^(cython|numpy|setuptools)==' dockerfiles/petsc/wheels-arm64.txt > "$work/cythonize.txt"
grep -E '^(mpi4py|petsc4py)==' dockerfiles/petsc/sources.txt > "$work/sources.txt"

# Under QEMU: the same commands as the native stage, in an arm64 container (unpacked where it unpacks them).
cat > "$work/emulated.sh" <<'EOF'
set -euo pipefail
apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3-venv >/dev/null
python3 -m venv /tmp/venv
export PETSC_DIR=/tmp
/tmp/venv/bin/pip install -q --no-cache-dir --require-hashes --no-deps --only-binary=:all: --index-url "$1" -r /work/cythonize.txt
/tmp/venv/bin/pip download -q --no-cache-dir --require-hashes --no-deps --no-binary=:all: --no-build-isolation \
    --index-url "$1" -d /tmp/sdist -r /work/sources.txt
for package in mpi4py petsc4py; do
    mkdir -p "/tmp/cythonized/$package"
    tar -xzf /tmp/sdist/"$package"-*.tar.gz -C "/tmp/cythonized/$package" --strip-components=1
done
touch /tmp/before
for package in mpi4py petsc4py; do
    started=$(date +%s%N)
    (cd "/tmp/cythonized/$package" && /tmp/venv/bin/python setup.py build_src >/dev/null)
    awk -v ns=$(($(date +%s%N) - started)) -v p="$package" 'BEGIN { printf "%s: Cython under QEMU %.1f s\n", p, ns / 1e9 }'
done
cp -a /tmp/cythonized /work/emulated
# What Cython wrote (the build's own scripts leave .pyc files besides): the files to compare.
cd /tmp/cythonized && find . -type f \( -name '*.c' -o -name '*.h' \) -newer /tmp/before | sort > /work/written.txt
EOF
docker run --rm --platform linux/arm64 --network host -v "$work:/work" \
    "${UW_BASE_OS_IMAGE%@*}@$arm64_base" bash /work/emulated.sh "$index" > "$work/emulated.log"

started=$(date +%s%N)
docker buildx build --platform linux/arm64 --network host --target mpi4py-petsc4py-c --no-cache-filter mpi4py-petsc4py-c \
    --build-arg "BASE_OS_IMAGE=$UW_BASE_OS_IMAGE" --build-arg "PYTHON_PACKAGE_INDEX=$index" \
    --build-arg "PETSC_VERSION=$(sed -n 's/^petsc4py==\([^ ]*\) .*/\1/p' "$work/sources.txt")" \
    --output "type=local,dest=$work/native" dockerfiles/petsc 2> "$work/native.log"
native_seconds=$(awk -v ns=$(($(date +%s%N) - started)) 'BEGIN { printf "%.1f", ns / 1e9 }')

compared=0 differ=()
while read -r file; do
    compared=$((compared + 1))
    cmp -s "$work/emulated/$file" "$work/native/tmp/cythonized/$file" || differ+=("$file")
done < "$work/written.txt"
[ "$compared" -gt 0 ] || { echo "mpi4py-petsc4py-cython: Cython wrote no file under QEMU" >&2; exit 1; }
{
    echo "# mpi4py and petsc4py cythonized natively against under QEMU"
    echo
    echo "Recorded by \`bench/mpi4py-petsc4py-cython.sh\` on $(date +%F) at commit $(git rev-parse --short HEAD), on this amd64 machine:"
    echo "each package's own \`setup.py build_src\` (Cython $(sed -n 's/^cython==\([^ ]*\) .*/\1/p' "$work/cythonize.txt")) run under QEMU in a linux/arm64 container,"
    echo "and petsc's \`mpi4py-petsc4py-c\` stage built for linux/arm64 (natively); then the files Cython wrote compared."
    echo
    echo '```'
    cat "$work/emulated.log"
    echo "the native stage, with its apt and pip steps: $native_seconds s"
    echo "written by Cython: $(sed 's|^\./||' "$work/written.txt" | tr '\n' ' ')"
    if [ ${#differ[@]} -eq 0 ]; then echo "all $compared identical"; else echo "differ: ${differ[*]}"; fi
    echo '```'
} > bench/mpi4py-petsc4py-cython.md
cat bench/mpi4py-petsc4py-cython.md
[ ${#differ[@]} -eq 0 ]
