# Shared by the setup steps: where the cache is, logging, timing, and failing with advice.
UW_CACHE="${UW_CACHE:-$HOME/.cache/underworld-images}"
UW_REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
mkdir -p "$UW_CACHE/bin"
export PATH="$UW_CACHE/node/bin:$UW_CACHE/pulumi/bin:$UW_CACHE/go/bin:$PATH"
export GOBIN="$UW_CACHE/go/bin"

step() { printf '==> %s\n' "$*"; }
note() { printf '    %s\n' "$*"; }
fail() { printf 'setup: %s\n' "$*" >&2; exit 1; }

# timed <label> <command...>: runs a slow command, reports how long it took, keeps its log.
timed() {
    local label=$1 log="$UW_CACHE/logs/$1.log" started
    shift
    mkdir -p "$UW_CACHE/logs"
    started=$(date +%s)
    note "$label: running (log: $log)"
    if ! "$@" >"$log" 2>&1; then
        tail -n 20 "$log" >&2
        fail "$label failed after $(( $(date +%s) - started )) s; the full log is $log"
    fi
    note "$label: done in $(( $(date +%s) - started )) s"
}

apt_install() {
    local missing=()
    for package in "$@"; do dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package"); done
    [ ${#missing[@]} -eq 0 ] && return 0
    command -v apt-get >/dev/null || fail "needs the Debian packages ${missing[*]} and there is no apt-get; install them by hand"
    [ "$(id -u)" = 0 ] || fail "needs the Debian packages ${missing[*]}: run as root, or install them first"
    timed apt-install env DEBIAN_FRONTEND=noninteractive sh -c "apt-get update -qq && apt-get install -y -qq --no-install-recommends ${missing[*]}"
}

# wait_for <seconds> <command...>: polls until the command succeeds.
wait_for() {
    local seconds=$1
    shift
    for _ in $(seq "$seconds"); do "$@" >/dev/null 2>&1 && return 0; sleep 1; done
    return 1
}

npm_version() { node -p "require('$UW_REPO/node_modules/@pulumi/$1/package.json').version"; }
