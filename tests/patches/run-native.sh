#!/usr/bin/env bash
# Boots a patches/ test kernel natively under QEMU (TCG) with the test
# initramfs:  tests/patches/run-native.sh KERNEL LOG [VCPUS]
# The guest reboots when done (no ACPI in the kernel to power off), which
# -no-reboot turns into QEMU exiting.  Exit status: QEMU's, 124 on timeout.
set -uo pipefail
kernel=$1 log=$2 cpus=${3:-1}
timeout 180 qemu-system-x86_64 -accel tcg -cpu qemu64 -m 256 -smp "$cpus" \
	-nodefaults -display none -no-reboot -serial "file:$log" \
	-kernel "$kernel" -initrd build/linux/initrd.cpio \
	-append "console=ttyS0 panic=-1 pvexit=reboot"
