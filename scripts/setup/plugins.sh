# The docker and command provider plugins, at exactly the versions of @pulumi/docker and @pulumi/command in
# package.json. Used when installed; else `pulumi plugin install` (needs GitHub). When that fails too, the
# missing plugins are named (UW_PLUGINS_MISSING) and the jobs that need them say so; setup goes on.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
step "Pulumi provider plugins"
mkdir -p "$UW_CACHE/logs"
UW_PLUGINS_MISSING=""
for name in docker command; do
    version=$(npm_version "$name")
    if [ -x "${PULUMI_HOME:-$HOME/.pulumi}/plugins/resource-$name-v$version/pulumi-resource-$name" ]; then
        note "$name $version: installed"
    elif command -v "pulumi-resource-$name" >/dev/null; then
        note "$name: using $(command -v "pulumi-resource-$name") from PATH (its version is not checked)"
    # 120 s: a download of tens of MB; a machine without a way out would otherwise hang set-up here.
    elif timeout 120 pulumi plugin install resource "$name" "$version" >"$UW_CACHE/logs/plugin-$name.log" 2>&1; then
        note "$name $version: installed with pulumi plugin install"
    else
        note "$name $version: MISSING. 'pulumi plugin install resource $name $version' failed (it downloads from GitHub;"
        note "  log: $UW_CACHE/logs/plugin-$name.log). On a machine with GitHub access it just works; otherwise install"
        note "  a binary you have with: pulumi plugin install resource $name $version -f <pulumi-resource-$name>"
        UW_PLUGINS_MISSING="${UW_PLUGINS_MISSING:+$UW_PLUGINS_MISSING }$name@$version"
    fi
done
export UW_PLUGINS_MISSING
