#!/bin/bash
# The docker-registry config the project runs everywhere (set-up's registry on 127.0.0.1:5000, the tests' own
# registries), written once: plain HTTP on a loopback address, filesystem storage, deletes disabled.
#   registry-config.sh <addr> <storage dir> [--log-level L] [--htpasswd FILE] [--read-only]
set -euo pipefail
addr=${1:?usage: registry-config.sh <addr> <storage dir> [--log-level L] [--htpasswd FILE] [--read-only]}
storage=${2:?usage: registry-config.sh <addr> <storage dir> [--log-level L] [--htpasswd FILE] [--read-only]}
shift 2
log_level=warn htpasswd="" read_only=false
while [ $# -gt 0 ]; do
    case "$1" in
        --log-level) log_level=$2; shift 2 ;;
        --htpasswd) htpasswd=$2; shift 2 ;;
        --read-only) read_only=true; shift ;;
        *) echo "registry-config.sh: unknown option $1" >&2; exit 2 ;;
    esac
done
cat <<CONFIG
version: 0.1
log:
  level: $log_level
storage:
  filesystem:
    rootdirectory: $storage
  delete:
    enabled: false
CONFIG
# The registry's maintenance mode: every push refused.
if $read_only; then printf '  maintenance:\n    readonly:\n      enabled: true\n'; fi
printf 'http:\n  addr: %s\n' "$addr"
if [ -n "$htpasswd" ]; then printf 'auth:\n  htpasswd:\n    realm: underworld-images\n    path: %s\n' "$htpasswd"; fi
