#!/bin/sh
# SPDX-License-Identifier: MIT
# /init of the test suite's dom0 (busybox ash).
#
# Brings up the Xen toolstack (xenstored, xen-init-dom0, xenconsoled),
# mounts the project tree the host shares over virtio 9p at /host, then
# gives a root shell on the console (hvc0, which Xen puts on its serial
# line, which QEMU hands to the Python side).  Guest consoles are logged
# by xenconsoled into /host/build/xen-host/console/guest-NAME.log, so the
# host reads them as they grow.  Progress lines start with the marker
# below; a step that fails prints "FATAL" and reboots, which ends QEMU.

PATH=/bin:/sbin:/usr/bin:/usr/sbin:/usr/lib/xen/bin
LD_LIBRARY_PATH=/lib/x86_64-linux-gnu:/usr/lib/x86_64-linux-gnu
export PATH LD_LIBRARY_PATH

MARK='@@XEN-HOST@@'
mark() { echo "$MARK $*"; }

mount -t devtmpfs devtmpfs /dev 2>/dev/null
# The initramfs has no /dev/console node (built without root), so the
# kernel could not give us stdio: take the console now.
exec </dev/console >/dev/console 2>&1

die() {
    mark "FATAL $*"
    sync
    reboot -f
    sleep 10
    echo b >/proc/sysrq-trigger
    sleep 1000
}

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mkdir -p /dev/pts /dev/shm
mount -t devpts -o gid=5,mode=620 devpts /dev/pts || die "mount devpts failed"
[ -e /dev/fd ] || ln -s /proc/self/fd /dev/fd
mkdir -p /run/xen /run/xenstored /var/lib/xen /var/log/xen /var/lock \
         /var/lib/xenstored /tmp /host
[ -e /var/run ] || ln -s /run /var/run

mark "DOM0-UP kernel $(uname -r)"

# This dom0 sees no entropy source, so its CRNG stays uninitialised and
# every getrandom(GRND_NONBLOCK) fails: libuuid (used by `xl create`) then
# sleeps and retries for ~3 s per guest.  A blocking read of /dev/random
# makes the kernel seed itself from timer jitter (once).
( dd if=/dev/random of=/dev/null bs=1 count=1 2>/dev/null; touch /run/rng-ready ) &

while read -r ko; do
    [ -n "$ko" ] || continue
    insmod "$ko" || die "insmod $ko failed"
done </etc/xen-host/modules.list

mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144 pvkit /host ||
    die "mounting the host's 9p share (tag pvkit) failed"
[ -d /host/build ] || die "the 9p share has no build/ directory"
CONSOLE_DIR=/host/build/xen-host/console
mkdir -p "$CONSOLE_DIR" || die "cannot create $CONSOLE_DIR"

[ -d /proc/xen ] || mkdir -p /proc/xen
mount -t xenfs xenfs /proc/xen || die "mount xenfs failed"

xenstored --pid-file /run/xenstored.pid || die "xenstored failed to start"
i=0
until xenstore-read -s / >/dev/null 2>&1; do
    i=$((i + 1))
    [ $i -le 100 ] || die "xenstored did not answer within 20 s"
    sleep 0.2
done
xen-init-dom0 >/dev/null || die "xen-init-dom0 failed"
xenconsoled --pid-file=/run/xenconsoled.pid --log=guest \
    --log-dir="$CONSOLE_DIR" || die "xenconsoled failed to start"

i=0
until [ -e /run/rng-ready ]; do
    i=$((i + 1))
    [ $i -le 300 ] || { mark "WARN the kernel RNG is still not seeded after 30 s; xl will be slow"; break; }
    sleep 0.1
done

mark "READY"
cd /host
# The root shell: one command a line, read from the console and run by a
# non-interactive sh (no prompt, no job control, no echo: the Python side
# frames every command's output itself).  setsid + cttyhack give it the
# console as controlling terminal, for `xl console`.
stty -echo
exec setsid cttyhack /bin/sh -c 'while IFS= read -r line; do eval "$line"; done'
