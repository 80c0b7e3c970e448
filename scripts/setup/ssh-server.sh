# OpenSSH's server, for the tests that reach a second Docker engine the way a remote builder is reached
# (ssh://user@host). Only installed: each test starts its own sshd on 127.0.0.1 with its own config.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
step "OpenSSH server (for the tests' second Docker engine)"
if [ ! -x /usr/sbin/sshd ]; then
    # The package's postinst starts sshd on every interface unless policy-rc.d forbids it. Where the machine
    # has no policy of its own, forbid it (exit 101: "action forbidden") for this install only.
    policy=/usr/sbin/policy-rc.d
    own_policy=""
    if [ ! -e "$policy" ]; then
        printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod +x "$policy" && own_policy=yes
        trap 'rm -f "$policy"' EXIT
    fi
    apt_install openssh-server
    if [ -n "$own_policy" ]; then rm -f "$policy"; trap - EXIT; fi
fi
note "$(ssh -V 2>&1); sshd at /usr/sbin/sshd"
