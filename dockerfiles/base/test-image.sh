#!/bin/bash
# base's image tests (after lavavu's and petsc's). They also run on underworld2.
source /tmp/image-tests-lib.sh
check_build_left_nothing_in_tmp
check "petsc4py, mpi4py, h5py and lavavu import together" python -c "import petsc4py, mpi4py, h5py, lavavu"
check "h5py is the parallel build" python -c "import h5py; assert h5py.get_config().mpi"
check "mpirun -np 2 writes one HDF5 file in parallel" bash -c '
    cd /tmp && mpirun -np 2 python -c "
from mpi4py import MPI
import h5py
with h5py.File(\"parallel.h5\", \"w\", driver=\"mpio\", comm=MPI.COMM_WORLD) as f:
    f.create_dataset(\"rank\", (2,), \"i\")[MPI.COMM_WORLD.rank] = MPI.COMM_WORLD.rank
" && python -c "import h5py; assert list(h5py.File(\"parallel.h5\")[\"rank\"][:]) == [0, 1]"'
check_binaries "$(site_packages)/h5py"
finish
