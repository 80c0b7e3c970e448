#!/usr/bin/env bash
# Sets up everything the project needs, idempotently, caching slow results in $UW_CACHE
# (default ~/.cache/underworld-images), and writes $UW_CACHE/env.sh for the commands that follow.
# Each step says what it does, how long the slow ones took, and what to do when something is missing.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
started=$(date +%s)

# Each step is sourced: later steps see what earlier ones put on PATH and exported.
for step in node npm-deps pulumi-cli plugins docker-engine binfmt registry go-tools python-modules base-os-image second-engine; do
    # shellcheck source=/dev/null
    source "$here/setup/$step.sh"
done

mkdir -p "$UW_CACHE/state"
cat >"$UW_CACHE/env.sh" <<ENV
# Written by scripts/setup.sh: source it to use what setup installed.
export UW_CACHE="$UW_CACHE"
export PATH="$UW_CACHE/node/bin:$UW_CACHE/pulumi/bin:$UW_CACHE/go/bin:\$PATH"
export PULUMI_BACKEND_URL="\${PULUMI_BACKEND_URL:-file://$UW_CACHE/state}"
# Local stacks only: a fixed passphrase, unless you give your own.
export PULUMI_CONFIG_PASSPHRASE="\${PULUMI_CONFIG_PASSPHRASE-local-stacks-only}"
export PULUMI_SKIP_UPDATE_CHECK=true
export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
export UW_REGISTRY=127.0.0.1:5000
export UW_BASE_OS_IMAGE="$UW_BASE_OS_IMAGE"
export UW_PLUGINS_MISSING="$UW_PLUGINS_MISSING"
ENV
echo "==> setup done in $(( $(date +%s) - started )) s; environment: $UW_CACHE/env.sh"
