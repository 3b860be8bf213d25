#!/usr/bin/env bash
# pvkit Xen boot harness: boots Xen 4.17 + a Debian dom0 under QEMU (TCG),
# runs the given PV guest configs one after another with `xl create -F` in
# that single boot, and collects each guest's PV console log and shutdown
# reason. See README.md beside this file.
#
# usage: run-xen.sh -o OUTDIR [-t PER_GUEST_TIMEOUT_S] [-T TOTAL_TIMEOUT_S]
#                   [-x NAME=ACTION@MARKER ...] NAME=CONFIG_FILE [NAME=CONFIG_FILE ...]
# -x: once guest NAME's console shows the text MARKER, dom0 acts on it as
#     a user would: ACTION shutdown or reboot runs "xl ACTION NAME";
#     type:TEXT types TEXT and Enter at its console; dump-core writes
#     "xl dump-core NAME" into OUTDIR/NAME.core; save-restore runs
#     "xl save" then "xl restore -F" and goes on with the restored
#     domain.  After save-restore or reboot, markers are looked for only
#     in the console output that follows.  Several -x for one
#     guest run in the order given, each waiting for its own MARKER.
#
# Exit status: 0 the harness worked (every guest was run and its results
# collected, whatever the guests did); 1 Xen/dom0 did not come up, QEMU timed
# out, or results are missing; 2 bad usage, bad config or missing host
# packages/files.

set -eu -o pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# Bump when the layout of the dom0 base image changes (forces a rebuild).
BASE_FORMAT=5
MARK='@@XEN-HARNESS@@'

XEN_CMDLINE="console=com1 com1=115200,8n1 loglvl=all guest_loglvl=all \
dom0_mem=512M,max:512M dom0_max_vcpus=1 console_timestamps=boot serial_tx_buffer=256K"
DOM0_CMDLINE="console=hvc0 earlyprintk=xen quiet panic=5"
# Optional extra arguments, mainly for debugging.
XEN_CMDLINE="$XEN_CMDLINE ${XEN_HARNESS_XEN_ARGS:-}"
DOM0_CMDLINE="$DOM0_CMDLINE ${XEN_HARNESS_DOM0_ARGS:-}"

# Kernel modules dom0 needs (dependencies are added from modules.dep).
DOM0_MODULES="xen-privcmd xenfs xen-evtchn xen-gntdev xen-gntalloc virtio_pci virtio_blk"

info() { echo "xen-harness: $*" >&2; }
usage_error() {
    echo "xen-harness: error: $*" >&2
    echo "usage: $0 -o OUTDIR [-t PER_GUEST_TIMEOUT_S] [-T TOTAL_TIMEOUT_S] NAME=CONFIG_FILE [NAME=CONFIG_FILE ...]" >&2
    exit 2
}
setup_error() { echo "xen-harness: error: $*" >&2; exit 2; }

# Value of KEY in an xl config, quotes removed, or empty. Like xl, the last
# setting of a key wins. Expects one setting per line for the keys we read.
cfg_get() {
    awk -v key="$1" '
        { sub(/\r$/, "") }
        $0 ~ "^[ \t]*" key "[ \t]*=" {
            v = $0
            sub("^[ \t]*" key "[ \t]*=[ \t]*", "", v)
            q = substr(v, 1, 1)
            if (q == "\"" || q == "'\''") {
                v = substr(v, 2); i = index(v, q)
                if (i > 0) v = substr(v, 1, i - 1)
            } else {
                sub(/[ \t;#].*$/, "", v)
            }
            found = 1; last = v
        }
        END { if (found) print last }' "$2"
}

# Resolve a path from a config: relative to the config file's directory.
# Relative paths are taken as xl takes them: from the current directory.
resolve() { case $1 in /*) echo "$1" ;; *) echo "$PWD/$1" ;; esac; }

# ---------------------------------------------------------------- arguments
OUTDIR=""
PER_GUEST=60
TOTAL=300
declare -A ACTION=()
while getopts ":o:t:T:x:h" opt; do
    case $opt in
        o) OUTDIR=$OPTARG ;;
        x) [[ $OPTARG =~ ^([A-Za-z0-9][A-Za-z0-9_.-]*)=(shutdown|reboot|dump-core|save-restore|type:[^@]+)@(.+)$ ]] ||
               usage_error "-x wants NAME=ACTION@MARKER (ACTION: shutdown, reboot, dump-core, save-restore or type:TEXT), got '$OPTARG'"
           ACTION[${BASH_REMATCH[1]}]+="${BASH_REMATCH[2]}"$'\n'"${BASH_REMATCH[3]}"$'\n' ;;
        t) PER_GUEST=$OPTARG ;;
        T) TOTAL=$OPTARG ;;
        h) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        :) usage_error "option -$OPTARG needs a value" ;;
        *) usage_error "unknown option -$OPTARG" ;;
    esac
done
shift $((OPTIND - 1))
[ -n "$OUTDIR" ] || usage_error "-o OUTDIR is required"
[[ $PER_GUEST =~ ^[1-9][0-9]*$ ]] || usage_error "-t wants a positive number of seconds, got '$PER_GUEST'"
[[ $TOTAL =~ ^[1-9][0-9]*$ ]] || usage_error "-T wants a positive number of seconds, got '$TOTAL'"
[ $# -ge 1 ] || usage_error "no NAME=CONFIG_FILE given"
for name in "${!ACTION[@]}"; do
    [[ " $* " == *" $name="* ]] || usage_error "-x names guest '$name', which is not given"
done

NAMES=()
declare -A CFG=() KERNEL=() RAMDISK=()
for arg in "$@"; do
    [[ $arg == *=* ]] || usage_error "'$arg' is not NAME=CONFIG_FILE"
    name=${arg%%=*}
    cfg=${arg#*=}
    [[ $name =~ ^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$ ]] ||
        usage_error "guest name '$name' must match [A-Za-z0-9][A-Za-z0-9_.-]* (at most 64 chars)"
    [ -z "${CFG[$name]+x}" ] || usage_error "guest name '$name' given twice"
    [ -f "$cfg" ] && [ -r "$cfg" ] || usage_error "config file '$cfg' (for $name) is not a readable file"
    kernel=$(cfg_get kernel "$cfg")
    [ -n "$kernel" ] || setup_error "$cfg: no kernel= setting"
    kernel=$(resolve "$kernel" "$cfg")
    [ -f "$kernel" ] && [ -r "$kernel" ] || setup_error "$cfg: kernel file '$kernel' is not readable"
    ramdisk=$(cfg_get ramdisk "$cfg")
    if [ -n "$ramdisk" ]; then
        ramdisk=$(resolve "$ramdisk" "$cfg")
        [ -f "$ramdisk" ] && [ -r "$ramdisk" ] || setup_error "$cfg: ramdisk file '$ramdisk' is not readable"
    fi
    NAMES+=("$name")
    CFG[$name]=$cfg
    KERNEL[$name]=$kernel
    RAMDISK[$name]=$ramdisk
done

mkdir -p "$OUTDIR" || setup_error "cannot create OUTDIR '$OUTDIR'"
OUTDIR=$(cd "$OUTDIR" && pwd)
SERIAL=$OUTDIR/serial.log
for name in "${NAMES[@]}"; do
    rm -f "$OUTDIR/$name.console" "$OUTDIR/$name.reason" "$OUTDIR/$name.xl" "$OUTDIR/$name.core"
done
rm -f "$SERIAL"

# ---------------------------------------------------------- host tools/files
"$HERE/deps.sh" --check || setup_error "missing host packages (see above); run $HERE/deps.sh as root to install them"
for tool in qemu-system-x86_64 cpio timeout ldd zcat; do
    command -v "$tool" >/dev/null 2>&1 ||
        setup_error "'$tool' not found; run $HERE/deps.sh (as root it installs what is missing)"
done

# Files of an installed package matching an extended regex (empty if none).
pkg_files() { dpkg -L "$1" 2>/dev/null | grep -E "$2" || true; }

XEN_GZ=$(pkg_files xen-hypervisor-4.17-amd64 '^/boot/xen-4\.17[^/]*-amd64\.gz$' | head -n 1)
[ -n "$XEN_GZ" ] || XEN_GZ=$(ls /boot/xen-4.17*-amd64.gz 2>/dev/null | sort -V | tail -n 1 || true)
[ -n "$XEN_GZ" ] && [ -r "$XEN_GZ" ] ||
    setup_error "Xen 4.17 hypervisor image not found (package xen-hypervisor-4.17-amd64); run $HERE/deps.sh"

XL=$(pkg_files xen-utils-4.17 '/lib/xen-[^/]*/bin/xl$' | head -n 1)
[ -n "$XL" ] || XL=/usr/lib/xen-4.17/bin/xl
XENBIN=$(dirname "$XL")
for b in xl xenstored xenconsoled xenconsole xen-init-dom0 libxl-save-helper; do
    [ -x "$XENBIN/$b" ] || setup_error "$XENBIN/$b not found (package xen-utils-4.17); run $HERE/deps.sh"
done
XENSTORE=$(pkg_files xenstore-utils '/bin/xenstore$' | head -n 1)
[ -n "$XENSTORE" ] || XENSTORE=/usr/bin/xenstore
[ -x "$XENSTORE" ] || setup_error "xenstore client not found (package xenstore-utils); run $HERE/deps.sh"

BUSYBOX=$(pkg_files busybox-static '/busybox$' | head -n 1)
[ -n "$BUSYBOX" ] || BUSYBOX=/bin/busybox
[ -x "$BUSYBOX" ] || setup_error "static busybox not found (package busybox-static); run $HERE/deps.sh"
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
    setup_error "no readable /boot/vmlinuz-*-amd64 with /lib/modules/<version>/modules.dep (package linux-image-amd64); run $HERE/deps.sh"
KVER=${DOM0_KERNEL#/boot/vmlinuz-}
MODDIR=/lib/modules/$KVER
[ -f "$MODDIR/modules.dep" ] || setup_error "$MODDIR/modules.dep missing for dom0 kernel $DOM0_KERNEL"

LIBGCC=$(ldconfig -p 2>/dev/null | awk '/libgcc_s\.so\.1 .*x86-64/ {print $NF; exit}' || true)
[ -n "$LIBGCC" ] || LIBGCC=$(ls /lib/x86_64-linux-gnu/libgcc_s.so.1 /usr/lib/x86_64-linux-gnu/libgcc_s.so.1 2>/dev/null | head -n 1 || true)
[ -n "$LIBGCC" ] || setup_error "libgcc_s.so.1 not found (package libgcc-s1)"

# ------------------------------------------------------------------ cache
CACHE=$PWD/build/xen-harness
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

# Host binaries to copy (src:dest) and their shared-library closure.
BINS=("$XENBIN/xl" "$XENBIN/xenstored" "$XENBIN/xenconsoled" "$XENBIN/xenconsole"
      "$XENBIN/xen-init-dom0" "$XENBIN/xenctx" "$XENBIN/libxl-save-helper" "$XENSTORE")
declare -A LIBS=()
for b in "${BINS[@]}" "$LIBGCC"; do
    while read -r lib; do
        [ -n "$lib" ] && LIBS[$lib]=1
    done < <(ldd "$b" 2>/dev/null | awk '
        $2 == "=>" && $3 ~ /^\// { print $3 }
        $1 ~ /^\// { print $1 }')
done
LIBS[$LIBGCC]=1

base_inputs() {
    echo "format $BASE_FORMAT"
    sha256sum "$HERE/dom0-init.sh"
    echo "kernel $KVER"
    stat -L -c '%n %s %Y' "$BUSYBOX" "${BINS[@]}" "${!LIBS[@]}" | sort
    for f in "${MODLIST[@]}"; do stat -L -c '%n %s %Y' "$MODDIR/$f"; done
}
BASE=$CACHE/dom0-base.cpio
base_key=$(base_inputs | sha256sum | cut -d' ' -f1)

build_base() {
    local st=$CACHE/staging.$$ f dst a
    rm -rf "$st"
    mkdir -p "$st"/{bin,dev,proc,sys,run,tmp,etc/harness,etc/xen,lib64,lib/x86_64-linux-gnu,usr/bin,usr/lib/xen}
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
        cp -L "$XENBIN/$b" "$st$XENBIN/$b"
    done
    ln -s "$XENBIN" "$st/usr/lib/xen/bin"
    cp -L "$XENSTORE" "$st/usr/bin/xenstore"
    for a in read write ls list rm exists watch chmod; do
        ln -s xenstore "$st/usr/bin/xenstore-$a"
    done
    for f in "${!LIBS[@]}"; do
        dst=$st$f
        mkdir -p "$(dirname "$dst")"
        cp -L "$f" "$dst"
    done
    # modules, uncompressed so that busybox insmod can load them
    : >"$st/etc/harness/modules.list"
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
        echo "/lib/modules/$KVER/${f%.ko*}.ko" >>"$st/etc/harness/modules.list"
    done
    cat >"$st/etc/xen/xl.conf" <<'EOF'
autoballoon="off"
lockfile="/var/lock/xl"
EOF
    cp "$HERE/dom0-init.sh" "$st/init"
    chmod 755 "$st/init"
    (cd "$st" && find . -mindepth 1 | LC_ALL=C sort |
        cpio -o -H newc --quiet -R 0:0 >"$BASE.tmp.$$") ||
        { rm -rf "$st" "$BASE.tmp.$$"; setup_error "building the dom0 initramfs failed"; }
    mv "$BASE.tmp.$$" "$BASE"
    rm -rf "$st"
}

if [ ! -s "$BASE" ] || [ "$(cat "$CACHE/dom0-base.key" 2>/dev/null)" != "$base_key" ]; then
    info "building dom0 base initramfs in $CACHE (kernel $KVER)"
    build_base
    echo "$base_key" >"$CACHE/dom0-base.key"
fi
flock -u 9 2>/dev/null || true

# ----------------------------------------------------------- per-run payload
RUN=$(mktemp -d "${TMPDIR:-/tmp}/xen-harness.XXXXXX")
QEMU_PID=""
cleanup() {
    if [ -n "$QEMU_PID" ] && kill -0 "$QEMU_PID" 2>/dev/null; then
        kill "$QEMU_PID" 2>/dev/null || true
    fi
    if [ -n "${XEN_HARNESS_KEEP:-}" ]; then
        info "kept the run directory (XEN_HARNESS_KEEP): $RUN"
    else
        rm -rf "$RUN"
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

P=$RUN/payload-root/payload
mkdir -p "$P"
for name in "${NAMES[@]}"; do
    cfg=${CFG[$name]}
    d=$P/$name
    mkdir -p "$d"
    kernel=${KERNEL[$name]}
    ramdisk=${RAMDISK[$name]}
    cp -L "$kernel" "$d/kernel" || setup_error "cannot copy $kernel"
    [ -z "$ramdisk" ] || cp -L "$ramdisk" "$d/ramdisk" || setup_error "cannot copy $ramdisk"
    # -x: pairs of lines, the action and the console text to wait for.
    [ -z "${ACTION[$name]+x}" ] || printf '%s' "${ACTION[$name]}" >"$d/action"
    {
        # The original, then the harness's settings: in an xl config the last
        # setting of a key wins, so these override the original ones.
        tr -d '\r' <"$cfg"
        echo ""
        echo "# --- set by xen-harness ---"
        echo "name = \"$name\""
        echo "kernel = \"/payload/$name/kernel\""
        [ -z "$ramdisk" ] || echo "ramdisk = \"/payload/$name/ramdisk\""
        for k in on_poweroff on_reboot on_crash; do
            [ -n "$(cfg_get "$k" "$cfg")" ] || echo "$k = \"destroy\""
        done
    } >"$d/cfg"
    echo "$name" >>"$P/guests.list"
done
echo "$PER_GUEST" >"$P/timeout"
(cd "$RUN/payload-root" && find . -mindepth 1 | LC_ALL=C sort |
    cpio -o -H newc --quiet -R 0:0 >"$RUN/payload.cpio") ||
    setup_error "building the payload cpio failed"
# One initrd: base archive + payload archive (the kernel unpacks both).
cat "$BASE" "$RUN/payload.cpio" >"$RUN/initrd.cpio"

IMG=$RUN/results.img
truncate -s 256M "$IMG"

for p in "$DOM0_IMAGE" "$RUN/initrd.cpio" "$IMG" "$XEN"; do
    [[ $p != *[[:space:]]* ]] || setup_error "path '$p' contains white space, which QEMU's -initrd cannot take"
done
qesc() { echo "${1//,/,,}"; }   # QEMU option values: a literal comma is ",,"

# ------------------------------------------------------------------- run
fail() {
    echo "xen-harness: FAILED: $*" >&2
    if [ -s "$SERIAL" ]; then
        echo "xen-harness: last 30 lines of $SERIAL:" >&2
        tail -n 30 "$SERIAL" | tr -d '\r' | sed 's/^/  | /' >&2
    else
        echo "xen-harness: $SERIAL is empty" >&2
    fi
    exit 1
}

info "booting Xen + dom0 for ${#NAMES[@]} guest(s): ${NAMES[*]} (per guest ${PER_GUEST}s, total ${TOTAL}s)"
T0=$(date +%s)
timeout -k 10 "$TOTAL" qemu-system-x86_64 \
    -accel tcg -cpu qemu64 -m 2G -smp 2 \
    -nographic -nodefaults -no-reboot -monitor none -serial stdio \
    -kernel "$(qesc "$XEN")" -append "$XEN_CMDLINE" \
    -initrd "$(qesc "$DOM0_IMAGE") $(qesc "$DOM0_CMDLINE"),$(qesc "$RUN/initrd.cpio")" \
    -drive "file=$(qesc "$IMG"),format=raw,if=virtio" \
    </dev/null >"$SERIAL" 2>"$RUN/qemu.stderr" &
QEMU_PID=$!

# Relay progress markers while QEMU runs.
seen=0
relay() {
    local lines n
    lines=$(grep -a "$MARK" "$SERIAL" 2>/dev/null | tr -d '\r' || true)
    [ -n "$lines" ] || return 0
    n=$(printf '%s\n' "$lines" | wc -l)
    if [ "$n" -gt "$seen" ]; then
        printf '%s\n' "$lines" | tail -n +$((seen + 1)) | while IFS= read -r l; do
            echo "xen-harness: [+$(( $(date +%s) - T0 ))s] dom0: ${l#*"$MARK" }" >&2
        done
        seen=$n
    fi
}
while kill -0 "$QEMU_PID" 2>/dev/null; do
    relay
    sleep 1
done
set +e
wait "$QEMU_PID"
qrc=$?
set -e
QEMU_PID=""
relay
info "QEMU finished after $(( $(date +%s) - T0 ))s (exit status $qrc)"
if [ -s "$RUN/qemu.stderr" ]; then
    sed 's/^/xen-harness: qemu: /' "$RUN/qemu.stderr" >&2
fi

# ----------------------------------------------------------------- results
RES=$RUN/results
mkdir -p "$RES"
tar -xf "$IMG" -C "$RES" --no-same-owner --no-same-permissions 2>"$RUN/tar.stderr" || true

missing=()
for name in "${NAMES[@]}"; do
    r=$RES/$name
    if [ -f "$r/reason" ] && [ -f "$r/xl" ] && [ -f "$r/console" ]; then
        cat "$r/console" >"$OUTDIR/$name.console"
        cat "$r/xl" >"$OUTDIR/$name.xl"
        cat "$r/reason" >"$OUTDIR/$name.reason"
        [ ! -f "$r/core" ] || mv "$r/core" "$OUTDIR/$name.core"
        info "  $name: $(cat "$r/reason") ($(cat "$r/seconds" 2>/dev/null || echo '?')s, console $(wc -c <"$r/console") bytes)"
    else
        missing+=("$name")
    fi
done

S=$(tr -d '\r' <"$SERIAL" 2>/dev/null || true)
fatal=$(printf '%s\n' "$S" | grep -a "$MARK FATAL" | head -n 1 | sed "s/^.*$MARK FATAL //" || true)
if [ "$qrc" = 124 ] || [ "$qrc" = 137 ]; then
    where="before dom0 was ready"
    if printf '%s\n' "$S" | grep -aq "$MARK READY"; then
        cur=$(printf '%s\n' "$S" | grep -a "$MARK GUEST-START " | tail -n 1 | sed "s/^.*GUEST-START //")
        where="while guest '${cur:-?}' was running"
        printf '%s\n' "$S" | grep -aq "$MARK GUEST-END $cur " && where="after guest '$cur' ended"
    fi
    fail "QEMU timed out after ${TOTAL}s (-T) $where; results missing for: ${missing[*]:-none}" \
        "(a run needs about 10 s + per guest its run time + ~2 s; a guest may run up to -t ${PER_GUEST}s)"
fi
if [ "$qrc" != 0 ]; then
    fail "QEMU exited with status $qrc"
fi
if [ ${#missing[@]} -gt 0 ]; then
    # The results disk is the source of truth; the serial markers say why.
    if ! printf '%s\n' "$S" | grep -aq '(XEN)'; then
        fail "Xen did not start (no '(XEN)' line on the serial console)"
    elif ! printf '%s\n' "$S" | grep -aq "$MARK DOM0-UP"; then
        fail "dom0 did not start (its /init never ran)"
    elif [ -n "$fatal" ]; then
        fail "dom0 setup failed: $fatal"
    elif ! printf '%s\n' "$S" | grep -aq "$MARK READY"; then
        fail "dom0 did not get the Xen toolstack ready"
    fi
    fail "results missing for: ${missing[*]}"
fi
if ! printf '%s\n' "$S" | grep -aq "$MARK ALL-DONE"; then
    info "warning: all results are there, but dom0's ALL-DONE line is missing from $SERIAL"
fi
info "results in $OUTDIR"
exit 0
