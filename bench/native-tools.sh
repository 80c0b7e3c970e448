#!/usr/bin/env bash
# Benchmark (not a test): do the tools of dockerfiles/native-tools.stage install the same files as an arm64
# stage's own, and how much faster? Installs lavavu's runtime packages in a linux/arm64 stage with apt, once
# under QEMU and once with the native tools, compares both trees, and writes bench/native-tools.md.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=/dev/null
source "${UW_CACHE:-$HOME/.cache/underworld-images}/env.sh"
dir=bench/native-tools
log=$(mktemp)
build() {
    docker buildx build --platform linux/arm64 --progress plain --network host "$@" \
        --build-arg "BASE_OS_IMAGE=$UW_BASE_OS_IMAGE" "$dir" 2>&1 | tee -a "$log" >/dev/null
}
# One install at a time, so that neither shares the 2 cores; then the comparison from their cached layers.
build --no-cache --target emulated
build --no-cache --target native
build --target compare --build-arg "COMPARE_RUN=$(date +%s%N)"
result=$(sed -n 's/^#[0-9]* [0-9.]* \(install: .*\|entries: .*\|trees identical\|trees differ: .*\)$/\1/p' "$log")
grep -q 'trees identical' <<< "$result" || { tail -n 30 "$log" >&2; echo "native-tools: the benchmark failed" >&2; exit 1; }
{
    echo "# apt with the native tools against the arm64 stage's own"
    echo
    echo "Recorded by \`bench/native-tools.sh\` on $(date +%F) at commit $(git rev-parse --short HEAD), on this amd64 machine: lavavu's"
    echo "runtime packages installed by apt in a linux/arm64 Debian 12 stage, once with the stage's own programs"
    echo "under QEMU, once with dockerfiles/native-tools.stage's x86_64 tools on dpkg's PATH; then every path,"
    echo "mode, owner, link target and file's sha256 of the two trees compared (logs and caches left out)."
    echo
    echo '```'
    echo "$result"
    echo '```'
} > bench/native-tools.md
cat bench/native-tools.md
