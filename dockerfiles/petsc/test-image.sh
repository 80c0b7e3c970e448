#!/bin/bash
# petsc's image tests. They run on petsc and on every image built from it (base, underworld2).
source /tmp/image-tests-lib.sh
check_build_left_nothing_in_tmp
check "runs as $EXPECT_ARCH" test "$(uname -m)" = "$EXPECT_ARCH"
check "Python $EXPECT_PYTHON" python -c "import sys; assert '%d.%d' % sys.version_info[:2] == '$EXPECT_PYTHON'"
check "petsc4py reports PETSc $EXPECT_PETSC" python -c "
from petsc4py import PETSc
version = '.'.join(map(str, PETSc.Sys.getVersion()))
assert version == '$EXPECT_PETSC', version"
check "mpi4py runs on $EXPECT_MPI_FLAVOUR $EXPECT_MPI_VERSION" python -c "
from mpi4py import MPI
library = MPI.Get_library_version()
assert ('Open MPI v$EXPECT_MPI_VERSION' if '$EXPECT_MPI_FLAVOUR' == 'ompi' else 'MPICH Version:	$EXPECT_MPI_VERSION') in library, library"
# MPI as users run it: no flag or variable of the tests' own. Each rank sends the other 16 MB, past every eager
# limit (Open MPI's cross-memory attach, which a default container forbids, printed "Read -1, expected ..." here).
check "mpirun -np 2 exchanges 16 MB between the ranks and prints nothing on stderr" bash -c '
    errors=$(mpirun -np 2 python -c "
import numpy as np
from mpi4py import MPI
comm = MPI.COMM_WORLD
other = 1 - comm.rank
sent, received = np.full(2_000_000, comm.rank, dtype=np.float64), np.empty(2_000_000, dtype=np.float64)
comm.Sendrecv(sent, dest=other, recvbuf=received, source=other)
assert (received == other).all(), received[:4]
" 2>&1 >/dev/null) && [ -z "$errors" ] || { echo "$errors"; exit 1; }'
check "mpirun -np 2 runs petsc4py on two ranks" mpirun -np 2 python -c "
from petsc4py import PETSc
assert PETSc.COMM_WORLD.getSize() == 2"
check "the SBOM record names the locked PETSc $EXPECT_PETSC source" python -c "
import json
record = json.load(open('/usr/local/share/sbom/petsc.spdx.json'))
package = record['packages'][0]
assert (package['name'], package['versionInfo']) == ('PETSc', '$EXPECT_PETSC'), package
assert package['downloadLocation'].endswith('/petsc-$EXPECT_PETSC.tar.gz'), package['downloadLocation']
assert len(package['checksums'][0]['checksumValue']) == 64, package['checksums']"
check "no compiler, wget or curl" bash -c '! command -v gcc && ! command -v cc && ! command -v wget && ! command -v curl'
check_binaries /usr/local/lib "$(site_packages)/petsc4py" "$(site_packages)/mpi4py"
check_no_other_machine_files
check_locked_wheels_installed
finish
