#!/bin/bash
# compare <native out> <cross out>: is every object the same file, once each compiler's .comment (its Debian
# revision) is removed? Then prints which compiler ran and how long each language took.
set -euo pipefail
same=0; different=()
while read -r object; do
    objcopy --remove-section=.comment "$1/$object" /tmp/native.o
    objcopy --remove-section=.comment "$2/$object" /tmp/cross.o
    if cmp -s /tmp/native.o /tmp/cross.o; then same=$((same + 1)); else different+=("$object"); fi
done < <(cd "$1" && find . -name '*.o' | sort)
echo "compilers: native runs on $(cat "$1/host.txt"), cross on $(cat "$2/host.txt")"
join <(sort "$1/seconds.txt") <(sort "$2/seconds.txt") | awk '{ printf "%s: native %s s, cross %s s (%.0fx)\n", $1, $2, $3, $2 / $3 }'
echo "objects identical but for .comment: $same of $((same + ${#different[@]}))"
[ ${#different[@]} -eq 0 ] || printf 'differs: %s\n' "${different[@]}"
