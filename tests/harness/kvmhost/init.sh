#!/bin/sh
# SPDX-License-Identifier: MIT
# /init of the suite's KVM host (busybox ash): loads the kvm modules (so
# /dev/kvm appears), mounts the project tree the outer QEMU shares over
# virtio 9p at /host, then gives a root shell on the serial console.
# Progress lines start with the marker below; a step that fails prints
# "FATAL" and powers off, which ends QEMU.

PATH=/bin:/usr/bin
export PATH
MARK='@@KVM-HOST@@'
mark() { echo "$MARK $*"; }

mount -t devtmpfs devtmpfs /dev 2>/dev/null
exec </dev/console >/dev/console 2>&1
die() { mark "FATAL $*"; sync; poweroff -f; sleep 1000; }

mount -t proc proc /proc
mount -t sysfs sysfs /sys
while read -r ko; do
    insmod "$ko" || die "insmod $ko failed"
done </etc/kvm-host/modules.list
[ -c /dev/kvm ] || die "/dev/kvm did not appear (no SVM in the outer CPU?)"
mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144 pvkit /host ||
    die "mounting the host's 9p share (tag pvkit) failed"
[ -d /host/build ] || die "the 9p share has no build/ directory"
mark "READY"
cd /host
stty -echo
exec /bin/sh -c 'while IFS= read -r line; do eval "$line"; done'
