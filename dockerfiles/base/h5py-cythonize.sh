#!/bin/bash
# h5py-cythonize.sh BUILDARCH TARGETARCH INDEX: h5py's C, made on the build machine into /tmp/h5py, for the build
# stage to compile. Building arm64 on amd64, Cython under QEMU was most of h5py's build (bench/h5py-cython.md).
# What it writes depends only on its inputs: h5py's sources and configuration, and the versions of Cython, NumPy
# and mpi4py (cython-inputs.py). This runs h5py's own build as the build stage runs it, with the same locked
# versions and the target's HDF5 directories (the build machine's HDF5 from the same Debian, at the target's
# paths: h5py reads its version there), up to Cython only: `--dry-run` compiles nothing. h5py records that
# configuration beside the C (h5config.json), so the build stage's run finds both current and compiles the C;
# C so made was byte for byte QEMU's, and so were the 24 modules built from it.
set -euxo pipefail
buildarch=$1 targetarch=$2 index=$3
mpi=$([ "$(cat /opt/mpi-flavour)" = ompi ] && echo openmpi || echo mpich)
/toolchain/bin/apt-install "libhdf5-$mpi-dev"
case "$targetarch" in
    amd64) target_multiarch=x86_64-linux-gnu ;;
    arm64) target_multiarch=aarch64-linux-gnu ;;
    *) echo "no h5py for $targetarch: the images are built for amd64 and arm64" >&2; exit 1 ;;
esac
# The build machine's HDF5 at the target's path (the toolchain may already hold /usr/lib/<target triplet>: its
# cross compilers' own files).
mkdir -p "/usr/lib/$target_multiarch"
ln -s "/usr/lib/$(python3 -c 'import sysconfig; print(sysconfig.get_config_var("MULTIARCH"))')/hdf5" "/usr/lib/$target_multiarch/hdf5"
# The build machine's wheels of the versions the image's venv holds.
python3 -m venv /tmp/venv
grep -E '^(cython|numpy|packaging|setuptools)==' "/tmp/lock/wheels-$buildarch.txt" > /tmp/lock/cythonize.txt
/tmp/venv/bin/pip install --no-cache-dir --require-hashes --no-deps --only-binary=:all: --index-url "$index" -r /tmp/lock/cythonize.txt
grep -E '^h5py==' /tmp/lock/sources.txt > /tmp/lock/h5py.txt
/tmp/venv/bin/pip download --no-cache-dir --require-hashes --no-deps --no-build-isolation \
    --index-url "$index" -d /tmp/sdist -r /tmp/lock/h5py.txt
# Where the build stage builds it: the C names its sources by path.
tar -xzf /tmp/sdist/h5py-*.tar.gz -C /tmp/h5py --strip-components=1
cd /tmp/h5py
# The image's mpi4py package, which h5py's build and cython-inputs.py import.
export PYTHONPATH=/opt/mpi4py
HDF5_MPI=ON HDF5_INCLUDEDIR="/usr/include/hdf5/$mpi" HDF5_LIBDIR="/usr/lib/$target_multiarch/hdf5/$mpi" \
    /tmp/venv/bin/python setup.py --dry-run build_ext > /tmp/cythonize.log 2>&1 || { tail -n 40 /tmp/cythonize.log; exit 1; }
[ -e h5config.json ] || { echo "h5py's build recorded no configuration" >&2; exit 1; }
/tmp/venv/bin/python /tmp/lock/cython-inputs.py > cythonized-with.txt
