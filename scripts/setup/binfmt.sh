# QEMU user emulation registered for arm64, so the engine can build and run linux/arm64 images.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
step "QEMU for linux/arm64"
if [ "$(uname -m)" = aarch64 ]; then
    note "native arm64"
else
    apt_install qemu-user-static binfmt-support
    mountpoint -q /proc/sys/fs/binfmt_misc || mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc \
        || fail "cannot mount binfmt_misc; arm64 builds need it (run as root on a kernel with binfmt_misc)"
    [ -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ] || update-binfmts --enable qemu-aarch64
    # F (fix binary): the kernel opens the interpreter once, so it works inside containers too.
    grep -q '^flags: .*F' /proc/sys/fs/binfmt_misc/qemu-aarch64 \
        || fail "qemu-aarch64 is registered without the F flag; containers cannot use it"
    note "qemu-aarch64 registered ($(grep '^flags' /proc/sys/fs/binfmt_misc/qemu-aarch64))"
fi
