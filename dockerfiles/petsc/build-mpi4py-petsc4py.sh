#!/bin/bash
# build-mpi4py-petsc4py.sh INDEX: mpi4py against this MPI, petsc4py against this PETSc, into the venv; their
# build tools are the venv's locked wheels. Each compiles one large generated C file on one core, so the two
# are built side by side: from the trees cythonize.sh made on the build machine (if it made any, with this
# venv's Cython), or else from the lock's hash-checked sdists.
set -euxo pipefail
index=$1
if [ -e /tmp/cythonized/cythonized-with.txt ]; then
    python -c 'import Cython; print(f"Cython=={Cython.__version__}")' | cmp - /tmp/cythonized/cythonized-with.txt \
        || { echo "the C was made with $(cat /tmp/cythonized/cythonized-with.txt), this venv has another Cython" >&2; exit 1; }
    # Cython compares times: the C is made the newest file, and must stay as it is.
    find /tmp/cythonized -name '*.c' -exec touch {} +
    touch /tmp/cythonized/built-after
fi
declare -A builds
for package in mpi4py petsc4py; do
    if [ -d "/tmp/cythonized/$package" ]; then
        source=("/tmp/cythonized/$package")
    else
        grep "^$package==" /tmp/lock/sources.txt > "/tmp/lock/$package.txt"
        source=(--require-hashes -r "/tmp/lock/$package.txt")
    fi
    MPICC=mpicc pip wheel --no-cache-dir --no-deps --no-build-isolation --index-url "$index" \
        --wheel-dir /tmp/wheels "${source[@]}" > "/tmp/$package-build.log" 2>&1 &
    builds[$package]=$!
done
for package in "${!builds[@]}"; do
    wait "${builds[$package]}" || { tail -n 40 "/tmp/$package-build.log" >&2; echo "building $package failed" >&2; exit 1; }
done
if [ -e /tmp/cythonized/built-after ]; then
    regenerated=$(find /tmp/cythonized -name '*.c' -newer /tmp/cythonized/built-after)
    [ -z "$regenerated" ] || { echo "the build ran Cython again, for: $regenerated" >&2; exit 1; }
fi
# The wheels just built from the hash-checked sources.
pip install --no-cache-dir --no-deps --no-index /tmp/wheels/*.whl
rm -rf /tmp/wheels /tmp/cythonized /tmp/*-build.log
python -c 'import petsc4py; petsc4py.init(); from petsc4py import PETSc; print(PETSc.Sys.getVersion())'
