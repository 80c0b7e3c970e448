# The npm dependencies, exactly as package-lock.json says, without install scripts (the provider packages'
# scripts would download plugins from GitHub). Skipped while node_modules matches the lock file.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
step "npm dependencies"
lock_hash=$(sha256sum "$UW_REPO/package-lock.json" | cut -d' ' -f1)
stamp="$UW_REPO/node_modules/.uw-lock-hash"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$lock_hash" ]; then
    note "node_modules matches package-lock.json"
else
    timed npm-ci sh -c "cd '$UW_REPO' && npm ci --ignore-scripts --no-audit --no-fund"
    echo "$lock_hash" > "$stamp"
fi
