#!/usr/bin/env bash
# h5py's build inputs as base's build stage has them: Debian's MPI HDF5 and MPI, Python, the lock's numpy,
# Cython and setuptools (from /files, the index's files), and the h5py and mpi4py sdists unpacked in /src.
set -euxo pipefail
apt-get update
DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
    bc g++ libhdf5-openmpi-dev libopenmpi-dev make pkg-config python3-dev python3-venv
python3 -m venv /opt/venv
/opt/venv/bin/pip install --no-index --find-links /files numpy==1.26.4 cython==3.0.10 setuptools==80.9.0
mkdir -p /src
tar -xzf /files/h5py-3.16.0.tar.gz -C /src
tar -xzf /files/mpi4py-4.1.2.tar.gz -C /src
