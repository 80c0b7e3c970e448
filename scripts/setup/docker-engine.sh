# A Docker engine: the one that answers, else Debian's docker.io started in the background (no systemd here).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
step "Docker engine"
if docker info >/dev/null 2>&1; then
    note "engine answers: $(docker version --format '{{.Server.Version}}')"
else
    command -v dockerd >/dev/null || apt_install docker.io
    note "starting dockerd (log: $UW_CACHE/dockerd.log)"
    nohup dockerd >"$UW_CACHE/dockerd.log" 2>&1 &
    wait_for 60 docker info || { tail -n 20 "$UW_CACHE/dockerd.log" >&2; fail "dockerd did not answer within 60 s; see $UW_CACHE/dockerd.log"; }
    note "engine answers: $(docker version --format '{{.Server.Version}}')"
fi
