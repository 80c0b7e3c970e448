#!/usr/bin/env bash
# Benchmark (not a test): are the cross compilers of dockerfiles/cross-compilers.stage the arm64 stage's own
# compilers, and how much faster are they? Compiles Debian 12's zlib (C), fmtlib (C++) and LAPACK's BLAS
# (Fortran) in an arm64 stage with its own gcc under QEMU and with the cross compilers, compares every object,
# and writes bench/cross-compilers.md. Sources: Debian's archive, checked against bench/cross-compilers/sources.sha256.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=/dev/null
source "${UW_CACHE:-$HOME/.cache/underworld-images}/env.sh"
dir=bench/cross-compilers
mkdir -p "$dir/sources"
while read -r _ file; do
    [ -s "$dir/sources/$file" ] && continue
    package=${file%%_*}
    curl -sfL -o "$dir/sources/$file" "http://deb.debian.org/debian/pool/main/${package:0:1}/$package/$file"
done < "$dir/sources.sha256"
(cd "$dir/sources" && sha256sum -c ../sources.sha256 >/dev/null)
log=$(mktemp)
docker buildx build --platform linux/arm64 --progress plain --no-cache --target compare \
    --build-arg "BASE_OS_IMAGE=$UW_BASE_OS_IMAGE" "$dir" 2>&1 | tee "$log" >/dev/null
result=$(sed -n 's/^#[0-9]* [0-9.]* \(compilers: .*\|[a-z+]*: native .*\|objects identical.*\|differs: .*\)$/\1/p' "$log")
[ -n "$result" ] || { tail -n 30 "$log" >&2; echo "cross-compilers: the benchmark build failed" >&2; exit 1; }
{
    echo "# The cross compilers against the arm64 stage's own"
    echo
    echo "Recorded by \`bench/cross-compilers.sh\` on $(date +%F), in one linux/arm64 Debian 12 stage on this amd64 machine:"
    echo "the same sources compiled (-O2, one file at a time) by the stage's gcc 12.2 under QEMU, and by Debian's"
    echo "aarch64 cross compilers running natively, as dockerfiles/cross-compilers.stage installs them."
    echo
    echo '```'
    echo "$result"
    echo '```'
} > bench/cross-compilers.md
cat bench/cross-compilers.md
