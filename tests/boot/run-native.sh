#!/usr/bin/env bash
# make run-native: boot build/pvkit.elf under QEMU (q35, TCG) and show the log.
#   PVKIT_CMDLINE="..." passes a kernel command line.
set -uo pipefail
cd "$(dirname "$0")/../.."
log=build/run/native.log
echo "pvkit: booting natively: qemu-system-x86_64 -machine q35 -accel tcg -cpu qemu64 -kernel build/pvkit.elf" >&2
tests/boot/native-boot.sh -o "$log" -m q35 -t 120 -a "${PVKIT_CMDLINE:-}"
rc=$?
sed -n '/^pvkit/,$p' "$log"	# from the kernel's first line: no firmware noise
[ $rc -eq 0 ] && [ "$(tail -n 1 "$log")" = "Test result: SUCCESS" ]
