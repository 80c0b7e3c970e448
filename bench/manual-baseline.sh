#!/usr/bin/env bash
# What maintainers do by hand today, as a plain sequential script, for the benchmark's comparison:
# build and push each fixture image per platform, then join them with `docker manifest`.
# Usage: manual-baseline.sh <registry/namespace> <epoch>   (needs env.sh sourced: UW_BASE_OS_IMAGE)
set -euo pipefail
prefix=$1
epoch=$2
fixtures="$(cd "$(dirname "$0")/../tests/fixtures/dockerfiles" && pwd)"
common=(--build-arg PYTHON_VERSION=3.11 --build-arg PYTHON_PACKAGE_INDEX=https://pypi.org/simple --build-arg "BASE_CHAIN_EPOCH=$epoch")

build() { # <image> <extra build args...>
    local image=$1
    shift
    for arch in amd64 arm64; do
        docker buildx build --quiet --platform "linux/$arch" --network host --push -t "$prefix/$image:dev-$arch" \
            "${common[@]}" "$@" "$fixtures/$image" >/dev/null
    done
    docker manifest rm "$prefix/$image:dev" >/dev/null 2>&1 || true
    docker manifest create --insecure "$prefix/$image:dev" --amend "$prefix/$image:dev-amd64" --amend "$prefix/$image:dev-arm64" >/dev/null
    docker manifest push --insecure "$prefix/$image:dev" >/dev/null
}

build lavavu --build-arg "BASE_OS_IMAGE=$UW_BASE_OS_IMAGE" --build-arg LAVAVU_VERSION=1.9.10
build petsc --build-arg "BASE_OS_IMAGE=$UW_BASE_OS_IMAGE" --build-arg MPI_FLAVOUR=ompi --build-arg MPI_VERSION=4.1.4 --build-arg PETSC_VERSION=3.22.2
# By hand, parents are usually given by tag: the moving reference this project replaces.
build base --build-arg "PETSC_IMAGE=$prefix/petsc:dev" --build-arg "LAVAVU_IMAGE=$prefix/lavavu:dev"
build underworld2 --build-arg "BASE_IMAGE=$prefix/base:dev" --build-arg UNDERWORLD_VERSION=2.17.3 \
    --build-arg UNDERWORLD_SOURCE=release --build-arg UNDERWORLD_REVISION=v2.17.3
