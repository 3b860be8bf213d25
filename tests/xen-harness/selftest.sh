#!/usr/bin/env bash
# Self-test of the Xen boot harness (slow: one Xen boot under TCG plus three
# Linux PV guests, about 2 minutes). Uses the host's Debian kernel as a PV
# domU with tiny busybox initramfs images:
#   poweroff  -> expects reason "poweroff" and its hello line on the console
#   crash     -> expects reason "crash"
#   hang      -> expects reason "timeout" (per-guest timeout -t: 60 s, or
#                $SELFTEST_GUEST_TIMEOUT; a Linux guest needs 15-40 s under TCG)
# The poweroff guest has 4 vCPUs (more than the 2 pCPUs) on purpose.
# usage: selftest.sh [OUTDIR]   (default build/xen-harness/selftest-out)
# Run from the project root (the harness caches into ./build/xen-harness).

set -eu -o pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
OUT=${1:-build/xen-harness/selftest-out}
PER_GUEST=${SELFTEST_GUEST_TIMEOUT:-60}

"$HERE/deps.sh" >/dev/null || exit 2

BUSYBOX=$(dpkg -L busybox-static 2>/dev/null | grep -E '/busybox$' | head -n 1 || true)
[ -n "$BUSYBOX" ] || BUSYBOX=/bin/busybox
KERNEL=$(ls /boot/vmlinuz-*-amd64 | sort -V | tail -n 1)

W=$(mktemp -d "${TMPDIR:-/tmp}/xen-harness-selftest.XXXXXX")
trap 'rm -rf "$W"' EXIT

# Guest initramfs: static busybox, applet links, /init from selftest/init-NAME.sh
mkinitrd() {
    local name=$1 r=$W/root-$1 a
    mkdir -p "$r"/{bin,proc,sys,dev}
    cp "$BUSYBOX" "$r/bin/busybox"
    for a in $("$BUSYBOX" --list); do
        [ "$a" = busybox ] || ln -s busybox "$r/bin/$a"
    done
    ln -s bin "$r/sbin"
    cp "$HERE/selftest/init-$name.sh" "$r/init"
    chmod 755 "$r/init"
    (cd "$r" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc --quiet -R 0:0 | gzip -1) \
        >"$W/$name.cpio.gz"
}

for g in poweroff crash hang; do mkinitrd "$g"; done
ln -s "$KERNEL" "$W/vmlinuz"              # relative kernel= in poweroff.cfg/crash.cfg
cp "$HERE/selftest/poweroff.cfg" "$HERE/selftest/crash.cfg" "$W/"
sed -e "s|@KERNEL@|$KERNEL|" -e "s|@RAMDISK@|$W/hang.cpio.gz|" \
    "$HERE/selftest/hang.cfg" >"$W/hang.cfg"

start=$(date +%s)
rc=0
# From $W: relative kernel= paths are taken from the current directory, as xl does.
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
(cd "$W" && "$HERE/run-xen.sh" -o "$OUT" -t "$PER_GUEST" -T 420 \
    poweroff=poweroff.cfg crash=crash.cfg hang=hang.cfg) || rc=$?
echo "selftest: run-xen.sh exited $rc after $(( $(date +%s) - start ))s"

pass=0 failed=0
check() {   # description, command...
    local what=$1; shift
    if "$@" >/dev/null 2>&1; then
        echo "ok   - $what"; pass=$((pass + 1))
    else
        echo "FAIL - $what"; failed=$((failed + 1))
    fi
}
check "run-xen.sh exit status 0" test "$rc" = 0
check "serial.log written" test -s "$OUT/serial.log"
for g in poweroff crash hang; do
    for f in console reason xl; do
        check "$g.$f exists" test -f "$OUT/$g.$f"
    done
done
check "poweroff.reason is poweroff" grep -qx poweroff "$OUT/poweroff.reason"
check "crash.reason is crash" grep -qx crash "$OUT/crash.reason"
check "hang.reason is timeout" grep -qx timeout "$OUT/hang.reason"
check "poweroff console has the guest's hello line" grep -q "SELFTEST-GUEST poweroff: hello" "$OUT/poweroff.console"
check "poweroff console has the guest's last line" grep -q "SELFTEST-GUEST poweroff: bye" "$OUT/poweroff.console"
check "crash console shows the crash" grep -q "SELFTEST-GUEST crash: about to crash" "$OUT/crash.console"
check "hang console shows ticks" grep -q "SELFTEST-GUEST hang: tick 2" "$OUT/hang.console"
check "poweroff guest saw 4 vcpus" grep -q "with 4 vcpu(s)" "$OUT/poweroff.console"
check "poweroff.xl has xl's reason line" grep -q "reason code 0" "$OUT/poweroff.xl"
check "guest text did not leak onto the serial log" sh -c "! grep -aq SELFTEST-GUEST '$OUT/serial.log'"
echo "$pass passed, $failed failed"
[ "$failed" = 0 ]
