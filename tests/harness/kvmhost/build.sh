#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds (once, cached in build/kvm-host/) the initramfs of the suite's KVM
# host: Debian's own kernel booted in QEMU TCG with SVM and nested paging,
# which loads kvm-amd and runs a second QEMU with -accel kvm.  It holds
# busybox, qemu-system-x86_64 with its shared-library closure, the firmware
# that QEMU loads (SeaBIOS, the option ROMs), the kvm modules, the virtio 9p
# modules for the project share, and init.sh.
# Prints KEY=VALUE lines for the Python side: KERNEL, INITRD.
#   build.sh        (from the project root)
# Exit 2 with a message naming the package when something is missing.
set -eu -o pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
FORMAT=1        # bump when the initramfs layout changes
MODULES="irqbypass kvm ccp kvm-amd virtio_pci 9pnet_virtio 9p"
FIRMWARE="bios-256k.bin linuxboot_dma.bin pvh.bin kvmvapic.bin multiboot_dma.bin"

setup_error() { echo "kvm-host: error: $*" >&2; exit 2; }

"$HERE/../../../tools/deps.sh" kvm >&2 || setup_error "the KVM host packages are missing (see above)"
QEMU=$(command -v qemu-system-x86_64) || setup_error "qemu-system-x86_64 not found (package qemu-system-x86)"
BUSYBOX=/bin/busybox
ldd "$BUSYBOX" 2>&1 | grep -q '=>' && setup_error "$BUSYBOX is dynamically linked; install busybox-static"

KERNEL=""
for k in $(ls /boot/vmlinuz-*-amd64 2>/dev/null | sort -V -r || true); do
    v=${k#/boot/vmlinuz-}
    if [ -r "$k" ] && [ -f "/lib/modules/$v/modules.dep" ]; then KERNEL=$k; break; fi
done
[ -n "$KERNEL" ] || setup_error "no readable /boot/vmlinuz-*-amd64 with its modules (package linux-image-amd64)"
KVER=${KERNEL#/boot/vmlinuz-}
MODDIR=/lib/modules/$KVER

# Firmware: QEMU looks in one -L directory; SeaBIOS and the ROMs live apart.
FWFILES=()
for f in $FIRMWARE; do
    p=$(ls /usr/share/seabios/$f /usr/share/qemu/$f 2>/dev/null | head -n 1 || true)
    [ -n "$p" ] || setup_error "firmware $f not found (packages seabios, qemu-system-data)"
    FWFILES+=("$p")
done

# Modules in load order: each after what modules.dep says it needs.
declare -A DEPS=() PATHOF=() SEEN=()
while IFS= read -r line; do
    f=${line%%:*}; b=${f##*/}; b=${b%%.ko*}
    PATHOF[${b//-/_}]=$f; DEPS[$f]=${line#*:}
done <"$MODDIR/modules.dep"
ORDER=()
add() {
    local d
    [ -z "${SEEN[$1]+x}" ] || return 0
    SEEN[$1]=1
    for d in ${DEPS[$1]}; do add "$d"; done
    ORDER+=("$1")
}
for m in $MODULES; do
    f=${PATHOF[${m//-/_}]:-}
    [ -n "$f" ] || setup_error "kernel module $m not found in $MODDIR"
    add "$f"
done

declare -A LIBS=()
while read -r lib; do LIBS[$lib]=1; done < <(ldd "$QEMU" | awk '
    $2 == "=>" && $3 ~ /^\// { print $3 }
    $1 ~ /^\// { print $1 }')

CACHE=$PWD/build/kvm-host
mkdir -p "$CACHE"
exec 9>"$CACHE/.lock"
flock 9
INITRD=$CACHE/initramfs.cpio
key=$( { echo "format $FORMAT $KVER"; sha256sum "$HERE/init.sh";
         stat -L -c '%n %s %Y' "$BUSYBOX" "$QEMU" "${!LIBS[@]}" "${FWFILES[@]}" | sort; } |
       sha256sum | cut -d' ' -f1)
if [ ! -s "$INITRD" ] || [ "$(cat "$CACHE/initramfs.key" 2>/dev/null)" != "$key" ]; then
    echo "kvm-host: building $INITRD (kernel $KVER)" >&2
    st=$CACHE/staging.$$
    rm -rf "$st"
    mkdir -p "$st"/{bin,dev,proc,sys,tmp,host,etc/kvm-host,usr/bin,share/firmware}
    ln -s bin "$st/sbin"
    cp -L "$BUSYBOX" "$st/bin/busybox"
    for a in $("$BUSYBOX" --list); do
        [ "$a" = busybox ] || ln -s busybox "$st/bin/$a"
    done
    cp -L "$QEMU" "$st/usr/bin/qemu-system-x86_64"
    for f in "${!LIBS[@]}"; do mkdir -p "$st$(dirname "$f")"; cp -L "$f" "$st$f"; done
    cp -L "${FWFILES[@]}" "$st/share/firmware/"
    : >"$st/etc/kvm-host/modules.list"
    for f in "${ORDER[@]}"; do
        dst=$st/lib/modules/${f##*/}; dst=${dst%%.ko*}.ko
        mkdir -p "$st/lib/modules"
        case $f in
            *.ko) cp "$MODDIR/$f" "$dst" ;;
            *.ko.xz) xz -dc "$MODDIR/$f" >"$dst" ;;
            *.ko.zst) zstd -qdc "$MODDIR/$f" >"$dst" ;;
            *) setup_error "unsupported module file $f" ;;
        esac
        echo "/lib/modules/${dst##*/}" >>"$st/etc/kvm-host/modules.list"
    done
    cp "$HERE/init.sh" "$st/init"
    chmod 755 "$st/init"
    (cd "$st" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc --quiet -R 0:0 >"$INITRD.tmp") ||
        { rm -rf "$st"; setup_error "building the initramfs failed"; }
    mv "$INITRD.tmp" "$INITRD"
    rm -rf "$st"
    echo "$key" >"$CACHE/initramfs.key"
fi
echo "KERNEL=$KERNEL"
echo "INITRD=$INITRD"
