#!/bin/sh
# selftest guest: crash the kernel on purpose (expected reason: crash).
# The config passes panic=1 so the panicking PV kernel reports SHUTDOWN_crash.
mount -t proc proc /proc
echo "SELFTEST-GUEST crash: about to crash"
echo 1 >/proc/sys/kernel/sysrq
echo c >/proc/sysrq-trigger
echo "SELFTEST-GUEST crash: still alive?!"
sleep 1000
