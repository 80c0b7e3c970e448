# What h5py's C depends on besides h5py itself: the versions of Cython, NumPy (its .pxd files) and mpi4py (its
# .pxd files). The h5py-c stage records them; the build stage checks its own are the same before using that C.
import Cython
import mpi4py
import numpy

print(f"Cython=={Cython.__version__} numpy=={numpy.__version__} mpi4py=={mpi4py.__version__}")
