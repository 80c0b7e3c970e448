#!/bin/bash
# underworld2's image tests (after lavavu's, petsc's and base's).
source /tmp/image-tests-lib.sh
check_build_left_nothing_in_tmp
# No usage metrics from tests (Underworld posts them on import; the tests run offline, and are not uses).
export UW_NO_USAGE_METRICS=1
# The version as a checkout writes it (2.16.1b) and as pip records it (2.16.1b0) are the same version.
check "underworld $EXPECT_UNDERWORLD imports with petsc4py, mpi4py, h5py and lavavu" python -c "
import petsc4py, mpi4py, h5py, lavavu, underworld, importlib.metadata as m
from packaging.version import Version
assert Version(m.version('underworld')) == Version('$EXPECT_UNDERWORLD'), m.version('underworld')"
if [ -n "${EXPECT_UNDERWORLD_COMMIT:-}" ]; then
    check "built from commit $EXPECT_UNDERWORLD_COMMIT of its checkout" grep -qx "commit=$EXPECT_UNDERWORLD_COMMIT" /opt/underworld-source.txt
fi
cat > /tmp/model.py <<'MODEL'
# A small steady-state heat model: solved on two ranks, written out with parallel HDF5.
import os
import underworld as uw
mesh = uw.mesh.FeMesh_Cartesian(elementRes=(16, 16), minCoord=(0.0, 0.0), maxCoord=(1.0, 1.0))
temperature = mesh.add_variable(nodeDofCount=1)
bottom, top = mesh.specialSets["MinJ_VertexSet"], mesh.specialSets["MaxJ_VertexSet"]
temperature.data[:] = 0.0
temperature.data[bottom.data] = 1.0
conditions = uw.conditions.DirichletCondition(variable=temperature, indexSetsPerDof=(bottom + top,))
uw.systems.Solver(uw.systems.SteadyStateHeat(temperatureField=temperature, fn_diffusivity=1.0, conditions=conditions)).solve()
os.makedirs("/tmp/model", exist_ok=True)
mesh.save("/tmp/model/mesh.h5")
temperature.save("/tmp/model/temperature.h5")
MODEL
check "mpirun -np 2 runs a small Underworld model to completion and writes its output" bash -c '
    cd /tmp && mpirun -np 2 python /tmp/model.py && test -s /tmp/model/temperature.h5 && test -s /tmp/model/mesh.h5'
check "Underworld's build tools (swig, cmake, ninja) stay out of the image" bash -c '
    ! command -v swig && ! command -v cmake && ! command -v ninja'
check_binaries "$(site_packages)/underworld"
finish
