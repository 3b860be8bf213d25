#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds (once, cached in build/xen-host/) what the Xen host of the test
# suite boots in QEMU: Xen as a plain ELF, the dom0 kernel unpacked, and the
# dom0 initramfs (busybox, the Xen toolstack and its libraries, the modules
# for xenfs, event channels, grants and the virtio 9p share, and init.sh).
# Prints KEY=VALUE lines for the Python side: XEN, DOM0_KERNEL, INITRD.
#   build.sh              (from the project root) Debian 12's Xen 4.17, the
#                         machine's own packages, cached in build/xen-host/
#   PVKIT_XEN=4.20 build.sh   Debian 13's Xen 4.20 and its libraries, with
#                         Debian 13's libc (tools/debian13-xen.sh unpacks
#                         them, never installs), cached in build/xen-host-4.20/
# The dom0 kernel, its modules and busybox are the machine's (Debian 12) for both.
# Exit 2 with a message naming the package when something is missing.
set -eu -o pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# Bump when the layout of the dom0 initramfs changes (forces a rebuild).
BASE_FORMAT=1

# Kernel modules dom0 needs (their dependencies come from modules.dep).
DOM0_MODULES="xen-privcmd xenfs xen-evtchn xen-gntdev xen-gntalloc virtio_pci 9pnet_virtio 9p"

info() { echo "xen-host: $*" >&2; }
setup_error() { echo "xen-host: error: $*" >&2; exit 2; }

"$HERE/../../../tools/deps.sh" xen >&2 || setup_error "the Xen host packages are missing (see above)"

XEN_VER=${PVKIT_XEN:-4.17}
SYSROOT=""          # where the Xen files come from: / (the machine's) or Debian 13's root
case $XEN_VER in
    4.17) ;;
    4.20)
        SYSROOT=$("$HERE/../../../tools/debian13-xen.sh" | sed -n 's/^ROOT=//p') ||
            setup_error "Debian 13's Xen 4.20 could not be fetched (see above)"
        [ -d "$SYSROOT" ] || setup_error "tools/debian13-xen.sh named no root" ;;
    *) setup_error "PVKIT_XEN=$XEN_VER: this harness knows Xen 4.17 (Debian 12) and 4.20 (Debian 13)" ;;
esac
for tool in qemu-system-x86_64 cpio timeout ldd zcat; do
    command -v "$tool" >/dev/null 2>&1 ||
        setup_error "'$tool' not found; run tools/deps.sh xen"
done

# Files of an installed package matching an extended regex (empty if none).
pkg_files() { dpkg -L "$1" 2>/dev/null | grep -E "$2" || true; }

if [ -z "$SYSROOT" ]; then
    XEN_GZ=$(pkg_files xen-hypervisor-4.17-amd64 '^/boot/xen-4\.17[^/]*-amd64\.gz$' | head -n 1)
    [ -n "$XEN_GZ" ] || XEN_GZ=$(ls /boot/xen-4.17*-amd64.gz 2>/dev/null | sort -V | tail -n 1 || true)
    XL=$(pkg_files xen-utils-4.17 '/lib/xen-[^/]*/bin/xl$' | head -n 1)
    [ -n "$XL" ] || XL=/usr/lib/xen-4.17/bin/xl
    XENSTORE=$(pkg_files xenstore-utils '/bin/xenstore$' | head -n 1)
    [ -n "$XENSTORE" ] || XENSTORE=/usr/bin/xenstore
else
    XEN_GZ=$SYSROOT/boot/xen-$XEN_VER-amd64.gz
    XL=/usr/lib/xen-$XEN_VER/bin/xl
    XENSTORE=/usr/bin/xenstore
fi
[ -n "$XEN_GZ" ] && [ -r "$XEN_GZ" ] ||
    setup_error "Xen $XEN_VER hypervisor image not found (package xen-hypervisor-$XEN_VER-amd64); run tools/deps.sh xen"
# XENBIN and XENSTORE are paths as dom0 sees them; $SYSROOT$path is the file here.
XENBIN=$(dirname "$XL")
for b in xl xenstored xenconsoled xenconsole xen-init-dom0 libxl-save-helper; do
    [ -x "$SYSROOT$XENBIN/$b" ] || setup_error "$SYSROOT$XENBIN/$b not found (package xen-utils-$XEN_VER); run tools/deps.sh xen"
done
[ -x "$SYSROOT$XENSTORE" ] || setup_error "xenstore client not found (package xenstore-utils); run tools/deps.sh xen"

BUSYBOX=$(pkg_files busybox-static '/busybox$' | head -n 1)
[ -n "$BUSYBOX" ] || BUSYBOX=/bin/busybox
[ -x "$BUSYBOX" ] || setup_error "static busybox not found (package busybox-static); run tools/deps.sh xen"
if ldd "$BUSYBOX" >/dev/null 2>&1 && ldd "$BUSYBOX" 2>&1 | grep -q '=>'; then
    setup_error "$BUSYBOX is dynamically linked; install busybox-static"
fi

# dom0 kernel: the newest /boot/vmlinuz-*-amd64 that has its modules installed.
DOM0_KERNEL=""
for k in $(ls /boot/vmlinuz-*-amd64 2>/dev/null | sort -V -r || true); do
    v=${k#/boot/vmlinuz-}
    if [ -r "$k" ] && [ -f "/lib/modules/$v/modules.dep" ]; then DOM0_KERNEL=$k; break; fi
done
[ -n "$DOM0_KERNEL" ] ||
    setup_error "no readable /boot/vmlinuz-*-amd64 with /lib/modules/<version>/modules.dep (package linux-image-amd64); run tools/deps.sh xen"
KVER=${DOM0_KERNEL#/boot/vmlinuz-}
MODDIR=/lib/modules/$KVER
[ -f "$MODDIR/modules.dep" ] || setup_error "$MODDIR/modules.dep missing for dom0 kernel $DOM0_KERNEL"

if [ -z "$SYSROOT" ]; then
    LIBGCC=$(ldconfig -p 2>/dev/null | awk '/libgcc_s\.so\.1 .*x86-64/ {print $NF; exit}' || true)
fi
[ -n "${LIBGCC:-}" ] || LIBGCC=$(cd "$SYSROOT/" && ls {,usr/}lib/x86_64-linux-gnu/libgcc_s.so.1 2>/dev/null | head -n 1 | sed 's|^|/|' || true)
[ -n "$LIBGCC" ] || setup_error "libgcc_s.so.1 not found (package libgcc-s1)"

# ------------------------------------------------------------------ cache
CACHE=$PWD/build/xen-host
[ -z "$SYSROOT" ] || CACHE=$PWD/build/xen-host-$XEN_VER
mkdir -p "$CACHE" || setup_error "cannot create cache dir $CACHE"
exec 9>"$CACHE/.lock"
if command -v flock >/dev/null 2>&1; then flock 9; fi

# Xen, gunzipped once (QEMU's multiboot loader wants the plain ELF).
XEN=$CACHE/xen.elf
xen_key="$(stat -L -c '%n %s %Y' "$XEN_GZ")"
if [ ! -s "$XEN" ] || [ "$(cat "$CACHE/xen.key" 2>/dev/null)" != "$xen_key" ]; then
    info "unpacking $XEN_GZ"
    zcat "$XEN_GZ" >"$XEN.tmp.$$" && mv "$XEN.tmp.$$" "$XEN" ||
        { rm -f "$XEN.tmp.$$"; setup_error "cannot gunzip $XEN_GZ"; }
    echo "$xen_key" >"$CACHE/xen.key"
fi

# dom0 kernel as a plain ELF (the bzImage's payload, unpacked once): Xen then
# skips decompressing it under TCG, which saves ~3 s per boot. If that fails
# for any reason, Xen gets the bzImage itself.
unpack_bzimage() {   # $1 bzImage, $2 output ELF
    local setup_sects off len magic
    [ "$(od -An -c -j 514 -N 4 "$1" | tr -d ' ')" = HdrS ] || return 1
    setup_sects=$(od -An -tu1 -j $((0x1f1)) -N 1 "$1" | tr -d ' ')
    off=$(od -An -tu4 -j $((0x248)) -N 4 "$1" | tr -d ' ')
    len=$(od -An -tu4 -j $((0x24c)) -N 4 "$1" | tr -d ' ')
    [ -n "$setup_sects" ] && [ -n "$off" ] && [ -n "$len" ] || return 1
    [ "$setup_sects" != 0 ] || setup_sects=4
    off=$(( (setup_sects + 1) * 512 + off ))
    magic=$(od -An -tx1 -j "$off" -N 6 "$1" | tr -d ' \n')
    payload() { dd if="$1" iflag=skip_bytes,count_bytes skip="$off" count="$len" bs=1M status=none; }
    case $magic in
        fd377a585a00*) payload "$1" | xz -dc --single-stream >"$2" ;;
        1f8b*) payload "$1" | { gzip -dc 2>/dev/null || true; } >"$2" ;;
        28b52ffd*) payload "$1" | zstd -qdc >"$2" ;;
        5d0000*) payload "$1" | xz -dc --format=lzma >"$2" ;;
        *) return 1 ;;
    esac || return 1
    [ "$(od -An -tx1 -N 4 "$2" | tr -d ' \n')" = 7f454c46 ]
}
DOM0_IMAGE=$CACHE/dom0-vmlinux.elf
k_key="$(stat -L -c '%n %s %Y' "$DOM0_KERNEL")"
if [ "$(cat "$CACHE/dom0-vmlinux.key" 2>/dev/null)" != "$k_key" ]; then
    rm -f "$DOM0_IMAGE" "$CACHE/dom0-vmlinux.key"
    if unpack_bzimage "$DOM0_KERNEL" "$DOM0_IMAGE.tmp.$$" 2>/dev/null; then
        mv "$DOM0_IMAGE.tmp.$$" "$DOM0_IMAGE"
        echo "$k_key" >"$CACHE/dom0-vmlinux.key"
    else
        rm -f "$DOM0_IMAGE.tmp.$$"
        info "note: could not unpack $DOM0_KERNEL; Xen will decompress it (slower)"
    fi
fi
[ -s "$DOM0_IMAGE" ] || DOM0_IMAGE=$DOM0_KERNEL

# Module path (relative to $MODDIR) by module name, or empty if built in.
declare -A MODPATH=()
declare -A MODDEPS=()
while IFS= read -r line; do
    f=${line%%:*}
    base=${f##*/}
    base=${base%%.ko*}
    MODPATH[$base]=$f
    MODPATH[${base//-/_}]=$f
    MODDEPS[$f]=${line#*:}
done <"$MODDIR/modules.dep"

MODLIST=()            # ordered, dependencies first
declare -A MODSEEN=()
add_module_file() {   # $1: path relative to MODDIR
    local f=$1 d
    [ -z "${MODSEEN[$f]+x}" ] || return 0
    MODSEEN[$f]=1
    for d in ${MODDEPS[$f]}; do add_module_file "$d"; done
    MODLIST+=("$f")
}
for m in $DOM0_MODULES; do
    f=${MODPATH[$m]:-${MODPATH[${m//-/_}]:-}}
    if [ -z "$f" ]; then
        if grep -qE "/(${m}|${m//-/_})\.ko" "$MODDIR/modules.builtin" 2>/dev/null; then
            continue    # built into the kernel
        fi
        setup_error "kernel module $m not found in $MODDIR"
    fi
    add_module_file "$f"
done

# The binaries to copy (paths as dom0 sees them) and their shared-library
# closure: ldd for the machine's own, and for a foreign root (whose libc
# this machine must not run as its own) the DT_NEEDED entries, resolved in
# that root's library directories, plus its program interpreter.
BINS=("$XENBIN/xl" "$XENBIN/xenstored" "$XENBIN/xenconsoled" "$XENBIN/xenconsole"
      "$XENBIN/xen-init-dom0" "$XENBIN/xenctx" "$XENBIN/libxl-save-helper" "$XENSTORE")
declare -A LIBS=()
foreign_closure() {   # $1: a path in $SYSROOT; prints the libraries it needs, recursively
    local f=$1 so d interp
    interp=$(readelf -l "$SYSROOT$f" 2>/dev/null | sed -n 's/.*program interpreter: \(.*\)]/\1/p')
    [ -z "$interp" ] || echo "$interp"
    for so in $(readelf -d "$SYSROOT$f" 2>/dev/null | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
        for d in /usr/lib/x86_64-linux-gnu /lib/x86_64-linux-gnu /usr/lib64 /lib64; do
            if [ -e "$SYSROOT$d/$so" ]; then
                if [ -z "${LIBS[$d/$so]+x}" ]; then
                    LIBS[$d/$so]=1
                    echo "$d/$so"
                    foreign_closure "$d/$so" >/dev/null
                fi
                continue 2
            fi
        done
        setup_error "$so (needed by $f) is not in $SYSROOT"
    done
}
for b in "${BINS[@]}" "$LIBGCC"; do
    if [ -n "$SYSROOT" ]; then
        foreign_closure "$b" >/dev/null
        interp=$(readelf -l "$SYSROOT$b" 2>/dev/null | sed -n 's/.*program interpreter: \(.*\)]/\1/p')
        [ -z "$interp" ] || LIBS[$interp]=1
        continue
    fi
    while read -r lib; do
        [ -n "$lib" ] && LIBS[$lib]=1
    done < <(ldd "$b" 2>/dev/null | awk '
        $2 == "=>" && $3 ~ /^\// { print $3 }
        $1 ~ /^\// { print $1 }')
done
LIBS[$LIBGCC]=1

# The file here for a path in dom0: in the foreign root, the interpreter
# /lib64/... is the root's /usr/lib64/... (Debian 13 ships it there, and
# its /lib64 is a link that no package holds).
src_of() {
    local p=$1
    if [ -n "$SYSROOT" ] && [ ! -e "$SYSROOT$p" ] && [ -e "$SYSROOT/usr$p" ]; then
        echo "$SYSROOT/usr$p"
    else
        echo "$SYSROOT$p"
    fi
}

base_inputs() {
    echo "format $BASE_FORMAT"
    sha256sum "$HERE/init.sh"
    echo "kernel $KVER xen $XEN_VER $SYSROOT"
    for f in "${BINS[@]}" "${!LIBS[@]}"; do stat -L -c '%n %s %Y' "$(src_of "$f")"; done | sort
    stat -L -c '%n %s %Y' "$BUSYBOX"
    for f in "${MODLIST[@]}"; do stat -L -c '%n %s %Y' "$MODDIR/$f"; done
}
BASE=$CACHE/dom0-base.cpio
base_key=$(base_inputs | sha256sum | cut -d' ' -f1)

build_base() {
    local st=$CACHE/staging.$$ f dst a
    rm -rf "$st"
    mkdir -p "$st"/{bin,dev,proc,sys,run,tmp,etc/xen-host,etc/xen,lib64,lib/x86_64-linux-gnu,usr/bin,usr/lib/xen}
    ln -s bin "$st/sbin"
    ln -s ../bin "$st/usr/sbin"
    # busybox: the real binary plus applet links to it (never a link loop)
    cp -L "$BUSYBOX" "$st/bin/busybox"
    for a in $("$BUSYBOX" --list); do
        [ "$a" = busybox ] || [ -e "$st/bin/$a" ] || ln -s busybox "$st/bin/$a"
    done
    # Xen tools at their host path (libxl execs xenconsole from there)
    mkdir -p "$st$XENBIN"
    for b in xl xenstored xenconsoled xenconsole xen-init-dom0 xenctx libxl-save-helper; do
        cp -L "$SYSROOT$XENBIN/$b" "$st$XENBIN/$b"
    done
    ln -s "$XENBIN" "$st/usr/lib/xen/bin"
    cp -L "$SYSROOT$XENSTORE" "$st/usr/bin/xenstore"
    for a in read write ls list rm exists watch chmod; do
        ln -s xenstore "$st/usr/bin/xenstore-$a"
    done
    for f in "${!LIBS[@]}"; do
        dst=$st$f
        mkdir -p "$(dirname "$dst")"
        cp -L "$(src_of "$f")" "$dst"
    done
    # modules, uncompressed so that busybox insmod can load them
    : >"$st/etc/xen-host/modules.list"
    for f in "${MODLIST[@]}"; do
        dst=$st/lib/modules/$KVER/${f%.ko*}.ko
        mkdir -p "$(dirname "$dst")"
        case $f in
            *.ko) cp "$MODDIR/$f" "$dst" ;;
            *.ko.xz) xz -dc "$MODDIR/$f" >"$dst" || setup_error "cannot unpack $f (needs xz-utils)" ;;
            *.ko.zst) zstd -qdc "$MODDIR/$f" >"$dst" || setup_error "cannot unpack $f (needs zstd)" ;;
            *.ko.gz) zcat "$MODDIR/$f" >"$dst" || setup_error "cannot unpack $f" ;;
            *) setup_error "unsupported module file $f" ;;
        esac
        echo "/lib/modules/$KVER/${f%.ko*}.ko" >>"$st/etc/xen-host/modules.list"
    done
    cat >"$st/etc/xen/xl.conf" <<'EOF'
autoballoon="off"
lockfile="/var/lock/xl"
EOF
    cp "$HERE/init.sh" "$st/init"
    chmod 755 "$st/init"
    (cd "$st" && find . -mindepth 1 | LC_ALL=C sort |
        cpio -o -H newc --quiet -R 0:0 >"$BASE.tmp.$$") ||
        { rm -rf "$st" "$BASE.tmp.$$"; setup_error "building the dom0 initramfs failed"; }
    mv "$BASE.tmp.$$" "$BASE"
    rm -rf "$st"
}

if [ ! -s "$BASE" ] || [ "$(cat "$CACHE/dom0-base.key" 2>/dev/null)" != "$base_key" ]; then
    info "building the dom0 initramfs in $CACHE (kernel $KVER; once, then cached)"
    build_base
    echo "$base_key" >"$CACHE/dom0-base.key"
fi
flock -u 9 2>/dev/null || true
echo "XEN=$XEN"
echo "DOM0_KERNEL=$DOM0_IMAGE"
echo "INITRD=$BASE"
