#!/usr/bin/env bash
# Builds h5py as base's build stage does (MPI on, Debian's MPI HDF5) in /src/h5py-3.16.0 and keeps, under
# /out/<name>, its C files and its extension modules. mpi4py's Python package and .pxd files come from its
# sdist's tree (h5py's build imports mpi4py only for its include directory and cimports its .pxd files).
set -euo pipefail
name=$1
export PATH="/opt/venv/bin:$PATH" PYTHONPATH=/src/mpi4py-4.1.2/src
export CC=mpicc HDF5_MPI=ON HDF5_INCLUDEDIR=/usr/include/hdf5/openmpi HDF5_LIBDIR=/usr/lib/aarch64-linux-gnu/hdf5/openmpi
cd /src/h5py-3.16.0
start=$(date +%s.%N)
python setup.py build_ext --inplace > "/tmp/$name.log" 2>&1 || { tail -n 40 "/tmp/$name.log"; exit 1; }
echo "build $name: $(echo "$(date +%s.%N) - $start" | bc) s"
mkdir -p "/out/$name/c" "/out/$name/so"
cp h5py/*.c "/out/$name/c/"
cp h5py/*.so "/out/$name/so/"
