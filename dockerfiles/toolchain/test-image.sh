#!/bin/bash
# The toolchain's image tests: what each image's build takes from it is there and works, for the build machine
# whose platform this variant is. Only amd64's has compilers and launchers for arm64.
source /tmp/image-tests-lib.sh
arch=$(dpkg --print-architecture)
check "runs as $EXPECT_ARCH" test "$(uname -m)" = "$EXPECT_ARCH"
check "it is the $arch build machine's toolchain" test "$(cat /toolchain/arch)" = "$arch"
for target in amd64 arm64; do
    check "Debian's lists for $target and apt's parse of them" test -s "/toolchain/apt-lists/$target/srcpkgcache.bin"
done
check "apt's helpers run relocated" bash -c '/toolchain/native/bin/sed --version && /toolchain/native/bin/dpkg-deb --version'
check "install-wheels and runtime-packages find their programs" bash -c 'python3 -m venv --help && command -v lddtree patchelf'
if [ "$arch" = amd64 ]; then
    check "the aarch64 cross compiler makes aarch64 programs" bash -c '
        printf "int main(void) { return 0; }\n" > /tmp/empty.c &&
        /toolchain/cross/arm64/usr/bin/aarch64-linux-gnu-gcc-12 --version &&
        aarch64-linux-gnu-gcc -o /tmp/empty /tmp/empty.c && [ "$(od -An -tx1 -j18 -N2 /tmp/empty)" = " b7 00" ]'
    check "Open MPI's wrapper for arm64 names the target's directories" grep -q aarch64-linux-gnu /toolchain/launchers/arm64-ompi/usr/bin/mpicc.openmpi
else
    check "no compilers or launchers for another machine" bash -c '[ -z "$(ls -A /toolchain/cross/amd64 /toolchain/launchers/amd64-ompi)" ]'
fi
finish
