# Tools from the Go module proxy: docker buildx (BuildKit builds from the CLI), oras (the OCI client that reads
# and writes manifests, with Docker's logins), crane (stack-diff: an image's filesystem), actionlint,
# cosign and syft (signatures and SBOMs). Each is stamped with its own version, which `version` then reports.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/versions.sh"
step "docker buildx, oras, crane, actionlint, cosign, syft"
if docker buildx version >/dev/null 2>&1; then
    note "buildx: $(docker buildx version)"
else
    timed buildx-build nice go install -ldflags "-X github.com/docker/buildx/version.Version=v$BUILDX_VERSION" "github.com/docker/buildx/cmd/buildx@v$BUILDX_VERSION"
    mkdir -p "$HOME/.docker/cli-plugins"
    cp "$GOBIN/buildx" "$HOME/.docker/cli-plugins/docker-buildx"
    note "buildx: $(docker buildx version)"
fi
command -v oras >/dev/null || timed oras-build nice go install "oras.land/oras/cmd/oras@v$ORAS_VERSION"
command -v crane >/dev/null || timed crane-build nice go install "github.com/google/go-containerregistry/cmd/crane@v$CRANE_VERSION"
command -v actionlint >/dev/null || timed actionlint-build nice go install "github.com/rhysd/actionlint/cmd/actionlint@v$ACTIONLINT_VERSION"
# A changed version in versions.sh rebuilds them.
cosign_version() { cosign version 2>/dev/null | awk '/^GitVersion:/ { print $2 }'; }
syft_version() { syft version 2>/dev/null | awk '/^Version:/ { print $2 }'; }
[ "$(cosign_version)" = "v$COSIGN_VERSION" ] || timed cosign-build nice go install -ldflags "-X sigs.k8s.io/release-utils/version.gitVersion=v$COSIGN_VERSION" "github.com/sigstore/cosign/v3/cmd/cosign@v$COSIGN_VERSION"
[ "$(syft_version)" = "$SYFT_VERSION" ] || timed syft-build nice go install -ldflags "-X main.version=$SYFT_VERSION" "github.com/anchore/syft/cmd/syft@v$SYFT_VERSION"
note "cosign $(cosign_version), syft $(syft_version)"
note "oras $(oras version | awk '/^Version:/ { print $2 }'), crane $(crane version), actionlint $(actionlint -version | head -n 1)"
