# The Debian 12 image the stack starts from, for both platforms, in the local registry as a manifest list:
# 127.0.0.1:5000/library/debian:bookworm, used by digest. Where Docker Hub is out of reach this is the only
# Debian image there is, so it is made with debootstrap (rootfs tarballs cached) and joined by the project's
# own manifest-list program.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/versions.sh"
step "base OS image (Debian $DEBIAN_SUITE, linux/amd64 + linux/arm64)"
list="127.0.0.1:5000/library/debian:$DEBIAN_SUITE"
# The list's platforms, read with oras (loopback: plain HTTP); empty when there is no list yet.
platforms_of() {
    oras manifest fetch --plain-http "$list" \
        | node -e 'const m = JSON.parse(require("fs").readFileSync(0)); console.log((m.manifests || []).filter((e) => e.platform && e.platform.os !== "unknown").map((e) => e.platform.os + "/" + e.platform.architecture).sort().join(","))'
}
if [ "$(platforms_of 2>/dev/null)" != "linux/amd64,linux/arm64" ]; then
    apt_install debootstrap
    mirror=http://deb.debian.org/debian
    sources=()
    for arch in amd64 arm64; do
        dir="$UW_CACHE/debootstrap/$arch"
        if [ ! -s "$dir/rootfs.tar" ]; then
            rm -rf "$dir/rootfs"
            mkdir -p "$dir"
            timed "debootstrap-$arch" debootstrap --variant=minbase --arch="$arch" "$DEBIAN_SUITE" "$dir/rootfs" "$mirror"
            # Only what an image needs: no apt lists, no caches.
            rm -rf "$dir/rootfs/var/lib/apt/lists/"* "$dir/rootfs/var/cache/apt/"*.bin
            tar -C "$dir/rootfs" --numeric-owner -cf "$dir/rootfs.tar.partial" . && mv "$dir/rootfs.tar.partial" "$dir/rootfs.tar"
            rm -rf "$dir/rootfs"
        fi
        printf 'FROM scratch\nADD rootfs.tar /\nCMD ["bash"]\n' > "$dir/Dockerfile"
        timed "base-os-image-$arch" docker buildx build --platform "linux/$arch" --push \
            --metadata-file "$dir/metadata.json" -t "$list-$arch" "$dir"
        digest=$(node -p "require('$dir/metadata.json')['containerimage.digest']")
        sources+=(--source "linux/$arch=127.0.0.1:5000/library/debian@$digest")
    done
    (cd "$UW_REPO" && node --import tsx manifest-list/cli.ts create --target "$list" "${sources[@]}") >"$UW_CACHE/base-os-image.digest" \
        || fail "could not join the base OS images into $list"
fi
digest=$(oras resolve --plain-http "$list") && [ -n "$digest" ] || fail "cannot read the digest of $list"
UW_BASE_OS_IMAGE="127.0.0.1:5000/library/debian@$digest"
export UW_BASE_OS_IMAGE
note "$UW_BASE_OS_IMAGE"
