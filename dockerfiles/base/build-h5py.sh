#!/bin/bash
# build-h5py.sh INDEX: parallel h5py against the image's MPI HDF5, then the rest of the lock's sources, into
# the venv. h5py from the C that h5py-cythonize.sh made on the build machine (if it made any), if made from
# this venv's versions; else from its hash-checked sdist.
set -euxo pipefail
index=$1
mpi=$([ "$(cat /opt/mpi-flavour)" = ompi ] && echo openmpi || echo mpich)
multiarch=$(gcc -print-multiarch)
export CC=mpicc HDF5_MPI=ON HDF5_INCLUDEDIR="/usr/include/hdf5/$mpi" HDF5_LIBDIR="/usr/lib/$multiarch/hdf5/$mpi"
if [ -e /tmp/h5py/setup.py ]; then
    python /tmp/lock/cython-inputs.py | cmp - /tmp/h5py/cythonized-with.txt \
        || { echo "h5py's C was made with $(cat /tmp/h5py/cythonized-with.txt), this venv has $(python /tmp/lock/cython-inputs.py)" >&2; exit 1; }
    # Cython compares times, and this venv's .pxd files were written after that C: the C is made newer, and
    # must stay as it is.
    touch /tmp/h5py/h5py/*.c
    touch /tmp/h5py/cythonized
    pip install --no-cache-dir --no-deps --no-build-isolation --no-index /tmp/h5py
    regenerated=$(find /tmp/h5py/h5py -name '*.c' -newer /tmp/h5py/cythonized)
    [ -z "$regenerated" ] || { echo "h5py's build ran Cython again, for: $regenerated" >&2; exit 1; }
fi
# The lock's sources (h5py from its sdist, unless installed just above at the version they name).
pip install --no-cache-dir --require-hashes --no-deps --no-build-isolation --index-url "$index" -r /tmp/lock/sources.txt
rm -rf /tmp/h5py
python -c 'import h5py; assert h5py.get_config().mpi, "h5py is not the parallel build"'
