# The Pulumi CLI and the nodejs language host: an installed pulumi is used as it is; otherwise both are
# built from the Go module proxy (no get.pulumi.com or GitHub needed) and cached.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/versions.sh"
source "$(dirname "${BASH_SOURCE[0]}")/go-module.sh"
step "Pulumi CLI"
if command -v pulumi >/dev/null; then
    note "using $(command -v pulumi) ($(pulumi version))"
else
    command -v go >/dev/null || fail "no pulumi and no Go to build it with: install Pulumi (https://www.pulumi.com/docs/install/) or Go"
    build_go_wrapper pulumi "$UW_CACHE/pulumi" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi \
        "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$PULUMI_CLI_VERSION" \
        "require (" "    github.com/pulumi/pulumi/pkg/v3 v$PULUMI_CLI_VERSION" "    github.com/pulumi/pulumi/sdk/v3 v$PULUMI_CLI_VERSION" ")" \
        "replace github.com/atotto/clipboard => github.com/tgummerer/clipboard v0.0.0-20241001131231-d02d263e614e"
    note "built $(pulumi version)"
fi

step "Pulumi nodejs language host"
if command -v pulumi-language-nodejs >/dev/null; then
    note "using $(command -v pulumi-language-nodejs)"
else
    # The current host is a module this proxy does not serve; sdk/v3 v3.68.0 still carries it and runs
    # programs of today's SDK (measured). It goes beside pulumi.
    build_go_wrapper pulumi-language-nodejs "$UW_CACHE/pulumi" github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs \
        "-s -w" "require github.com/pulumi/pulumi/sdk/v3 v$LANGUAGE_HOST_SDK_VERSION"
fi

step "Pulumi dynamic provider host (pulumi-resource-pulumi-nodejs)"
# The project's list resources are dynamic resources, served by this script of @pulumi/pulumi, which Pulumi's
# own installs ship beside the CLI. A CLI built here lacks it: it goes beside the one built here.
if command -v pulumi-resource-pulumi-nodejs >/dev/null; then
    note "using $(command -v pulumi-resource-pulumi-nodejs)"
else
    mkdir -p "$UW_CACHE/pulumi/bin"
    install -m 0755 "$UW_REPO/node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs" "$UW_CACHE/pulumi/bin/"
    note "installed $UW_CACHE/pulumi/bin/pulumi-resource-pulumi-nodejs from @pulumi/pulumi $(npm_version pulumi)"
fi
