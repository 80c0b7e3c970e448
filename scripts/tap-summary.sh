#!/usr/bin/env bash
# Reads ava's TAP output on stdin, passes it through, and ends with the plain line CI reads:
# "N passed, N failed, N skipped". Exit status: non-zero when anything failed.
# Usage: ava --tap | scripts/tap-summary.sh <file holding ava's exit status>
set -uo pipefail
status_file=${1:-}
counts=$(mktemp)
awk -v counts="$counts" '
    { print }
    /^ok [0-9]+ .*# SKIP/ { skipped++; next }
    /^ok [0-9]+/          { passed++; next }
    /^not ok [0-9]+/      { failed++; failures = failures "\n  - " substr($0, index($0, "-") + 2) }
    END {
        if (failures != "") printf "\nFailed:%s\n", failures
        print passed + 0, failed + 0, skipped + 0 > counts
    }
'
read -r passed failed skipped < "$counts"
rm -f "$counts"
ava_status=$(cat "$status_file" 2>/dev/null || echo 0)
# ava can also fail outside any test (a crashed worker, an uncaught error): count that as a failure.
if [ "$ava_status" != 0 ] && [ "$failed" = 0 ]; then
    echo "ava exited with status $ava_status outside any test"
    failed=1
fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ]
