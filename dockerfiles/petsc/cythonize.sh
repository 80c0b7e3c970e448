#!/bin/bash
# cythonize.sh BUILDARCH INDEX: mpi4py's and petsc4py's C, made on the build machine by each package's own
# Cython step (`setup.py build_src`: Cython, no compiler), into /tmp/cythonized/<package>, for the build stage
# to compile. Under QEMU, Cython took 57 s (mpi4py) and 79 s (petsc4py) of the arm64 build; natively 9 and 15 s.
# What Cython writes depends on the sources and Cython's version only: neither package reads MPI, PETSc or the
# machine (bench/mpi4py-petsc4py-cython.md compared it with QEMU's, byte for byte). The sdists are unpacked where
# the build stage builds them: the C names its sources by path.
set -euxo pipefail
buildarch=$1 index=$2
python3 -m venv /tmp/venv
# PETSC_DIR names a folder, or petsc4py's setup.py (run by pip download too) asks the index for PETSc.
export PETSC_DIR=/tmp
grep -E '^(cython|numpy|setuptools)==' "/tmp/lock/wheels-$buildarch.txt" > /tmp/lock/cythonize.txt
/tmp/venv/bin/pip install --no-cache-dir --require-hashes --no-deps --only-binary=:all: --index-url "$index" -r /tmp/lock/cythonize.txt
/tmp/venv/bin/pip download --no-cache-dir --require-hashes --no-deps --no-binary=:all: --no-build-isolation \
    --index-url "$index" -d /tmp/sdist -r /tmp/lock/sources.txt
for package in mpi4py petsc4py; do
    mkdir "/tmp/cythonized/$package"
    tar -xzf /tmp/sdist/"$package"-*.tar.gz -C "/tmp/cythonized/$package" --strip-components=1
    (cd "/tmp/cythonized/$package" && /tmp/venv/bin/python setup.py build_src) > "/tmp/$package-cythonize.log" 2>&1 \
        || { tail -n 40 "/tmp/$package-cythonize.log" >&2; echo "cythonizing $package failed" >&2; exit 1; }
done
/tmp/venv/bin/python -c 'import Cython; print(f"Cython=={Cython.__version__}")' > /tmp/cythonized/cythonized-with.txt
