# What the tests' second Docker engine needs (tests/support/remoteBuilder.ts): OpenSSH's server, to reach it
# as a remote builder is reached (ssh://user@host), and ip, to give it a bridge of its own. Only installed:
# each test starts its own sshd on 127.0.0.1 with its own config.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
step "OpenSSH server and ip (for the tests' second Docker engine)"
# The package's postinst starts sshd on every interface unless policy-rc.d forbids it. Where the machine
# has no policy of its own, forbid it (exit 101: "action forbidden") for this install only.
policy=/usr/sbin/policy-rc.d
own_policy=""
if ! dpkg -s openssh-server >/dev/null 2>&1 && [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod +x "$policy" && own_policy=yes
    trap 'rm -f "$policy"' EXIT
fi
apt_install openssh-server iproute2
if [ -n "$own_policy" ]; then rm -f "$policy"; trap - EXIT; fi
note "$(ssh -V 2>&1), $(ip -V)"
