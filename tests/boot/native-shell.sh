#!/usr/bin/env bash
# Types at the native serial console of a kernel booted with "stay", as a
# user at a terminal would: each ACTION is sent once its MARKER has shown.
#   native-shell.sh -o LOG MARKER=TEXT [MARKER=TEXT ...]
# QEMU's serial line is a pair of FIFOs (-serial pipe:).  Exit status: 0 when
# QEMU exited by itself, 124 when it did not within 60 s.
set -uo pipefail
cd "$(dirname "$0")/../.."

log=""
while getopts "o:" opt; do
	case $opt in
	o) log=$OPTARG ;;
	*) echo "usage: $0 -o LOG MARKER=TEXT..." >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
[ -n "$log" ] && [ $# -ge 1 ] || { echo "usage: $0 -o LOG MARKER=TEXT..." >&2; exit 2; }
tools/deps.sh native || exit 1

dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
mkfifo "$dir/serial.in" "$dir/serial.out"
mkdir -p "$(dirname "$log")"
: >"$log"
timeout --kill-after=5 60 qemu-system-x86_64 -machine q35 -accel tcg -cpu qemu64 -m 256 \
	-display none -no-reboot -monitor none -serial "pipe:$dir/serial" \
	-kernel build/pvkit.elf -append stay </dev/null &
qemu=$!
exec 3<>"$dir/serial.in"
cat "$dir/serial.out" >>"$log" &

for pair in "$@"; do
	marker=${pair%%=*}
	text=${pair#*=}
	for _ in $(seq 1 250); do
		grep -qF "$marker" "$log" && break
		kill -0 $qemu 2>/dev/null || break
		sleep 0.2
	done
	printf '%s\r' "$text" >&3
done
wait $qemu
rc=$?
exec 3>&-
sed -i 's/\r$//' "$log"
[ $rc -eq 124 ] || [ $rc -eq 137 ] && exit 124
exit $rc
