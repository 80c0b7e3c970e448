# A registry on 127.0.0.1:5000: Debian's docker-registry with the project's own config (loopback only,
# plain HTTP, storage in the cache, deletes disabled). Left alone when it already answers.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
step "local registry on 127.0.0.1:5000"
# apache2-utils: htpasswd, for the tests' password-protected registry.
apt_install docker-registry apache2-utils
if curl -sf http://127.0.0.1:5000/v2/ >/dev/null; then
    note "answers"
else
    mkdir -p "$UW_CACHE/registry/data"
    bash "$UW_REPO/scripts/setup/registry-config.sh" 127.0.0.1:5000 "$UW_CACHE/registry/data" >"$UW_CACHE/registry/config.yml"
    nohup docker-registry serve "$UW_CACHE/registry/config.yml" >"$UW_CACHE/registry/registry.log" 2>&1 &
    wait_for 30 curl -sf http://127.0.0.1:5000/v2/ || fail "the registry did not answer; see $UW_CACHE/registry/registry.log"
    note "started (storage: $UW_CACHE/registry/data)"
fi
