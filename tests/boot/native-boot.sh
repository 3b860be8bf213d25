#!/usr/bin/env bash
# Boots build/pvkit.elf under QEMU (TCG, -cpu qemu64, PVH entry) and captures
# the serial console.
#   native-boot.sh -o LOG [-m pc|q35] [-t SECONDS] [-s CPUS] [-a "CMDLINE"] [-k ELF]
# Exit status: 0 when QEMU exited by itself (the kernel powered off or
# reset), 124 on timeout (the last lines of the log are shown), else QEMU's.
set -uo pipefail

log="" machine=q35 timeout_s=60 cpus=1 append="" elf=build/pvkit.elf
while getopts "o:m:t:s:a:k:" opt; do
	case $opt in
	o) log=$OPTARG ;;
	m) machine=$OPTARG ;;
	t) timeout_s=$OPTARG ;;
	s) cpus=$OPTARG ;;
	a) append=$OPTARG ;;
	k) elf=$OPTARG ;;
	*) echo "usage: $0 -o LOG [-m pc|q35] [-t s] [-s cpus] [-a cmdline] [-k elf]" >&2; exit 2 ;;
	esac
done
[ -n "$log" ] || { echo "native-boot.sh: -o LOG is required" >&2; exit 2; }
[ -f "$elf" ] || { echo "native-boot.sh: no kernel image $elf (run make)" >&2; exit 2; }
"$(dirname "$0")/../../tools/deps.sh" native || exit 1

mkdir -p "$(dirname "$log")"
timeout --kill-after=5 "$timeout_s" qemu-system-x86_64 \
	-machine "$machine" -accel tcg -cpu qemu64 -m 256 -smp "$cpus" \
	-display none -no-reboot -monitor none -serial "file:$log" \
	-kernel "$elf" -append "$append" </dev/null
rc=$?
# The serial log carries the firmware's escape sequences and CRLF line ends.
sed -i -e 's/\r$//' "$log"
if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then
	echo "native-boot.sh: no exit after ${timeout_s}s (machine=$machine cmdline='$append'); last lines:" >&2
	tail -n 15 "$log" | sed 's/^/    | /' >&2
	exit 124
fi
exit $rc
