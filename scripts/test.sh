#!/usr/bin/env bash
# The README's test command: sets up everything this project needs (idempotent, cached outside the repo),
# then runs every test (unit, real engine and registry, end-to-end with Pulumi where its plugins exist)
# and ends with the line "N passed, N failed, N skipped". Extra arguments go to ava (e.g. a test file).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
# shellcheck source=/dev/null
source "${UW_CACHE:-$HOME/.cache/underworld-images}/env.sh"

status_file=$(mktemp)
trap 'rm -f "$status_file"' EXIT
echo "==> tests (ava)"
{ npx ava --tap "$@"; echo $? > "$status_file"; } 2>&1 | bash scripts/tap-summary.sh "$status_file"
