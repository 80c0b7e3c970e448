#!/usr/bin/env bash
# Fetches every locked Python input into the cache (hermetic/fetch.py) and serves it as a package index on
# 127.0.0.1:3141, so builds (network host) install from it with no internet. Idempotent. Prints the URL.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cache="${UW_CACHE:-$HOME/.cache/underworld-images}/pypi"
port=3141
python3 "$here/fetch.py"
# A server answers for this cache only if it serves its root index.
if ! curl -sf "http://127.0.0.1:$port/simple/" >/dev/null; then
    nohup python3 -m http.server "$port" --bind 127.0.0.1 --directory "$cache" >"$cache/server.log" 2>&1 &
    for _ in $(seq 20); do curl -sf "http://127.0.0.1:$port/simple/" >/dev/null && break; sleep 0.5; done
    curl -sf "http://127.0.0.1:$port/simple/" >/dev/null || { echo "serve-index: the index did not start; see $cache/server.log" >&2; exit 1; }
fi
echo "http://127.0.0.1:$port/simple"
