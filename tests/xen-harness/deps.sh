#!/bin/sh
# Check (and as root, install) the Debian 12 packages the Xen boot harness
# needs. Exit 0 when everything is there; non-zero with the list otherwise.
# usage: deps.sh [--check]   (--check: only check, never install)
CHECK_ONLY=
[ "${1:-}" = --check ] && CHECK_ONLY=1
PKGS="qemu-system-x86 xen-hypervisor-4.17-amd64 xen-utils-4.17 xenstore-utils \
linux-image-amd64 busybox-static cpio coreutils util-linux gzip tar xz-utils"

missing=""
for p in $PKGS; do
    st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)
    case "$st" in
        *" installed") ;;
        *) missing="$missing $p" ;;
    esac
done
[ -z "$missing" ] && exit 0

if [ -n "$CHECK_ONLY" ] || [ "$(id -u)" != 0 ]; then
    echo "xen-harness: missing Debian packages:$missing" >&2
    echo "xen-harness: install them as root: apt-get update && apt-get install -y$missing" >&2
    exit 1
fi
echo "xen-harness: installing:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
# shellcheck disable=SC2086
apt-get update && apt-get install -y --no-install-recommends $missing || {
    echo "xen-harness: apt-get install failed for:$missing" >&2
    exit 1
}
