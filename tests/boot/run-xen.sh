#!/usr/bin/env bash
# make run-xen: boot build/pvkit.elf as a Xen PV domU (xl create of
# domU-configs/pvkit.cfg inside Xen + Debian dom0 under QEMU) and show its
# console log and shutdown reason.
#   PVKIT_CMDLINE="..." replaces the config's extra= (the kernel command line).
set -uo pipefail
cd "$(dirname "$0")/../.."
out=build/run/xen
cfg=domU-configs/pvkit.cfg
if [ -n "${PVKIT_CMDLINE:-}" ]; then
	mkdir -p build/run
	sed "s|^extra = .*|extra = \"${PVKIT_CMDLINE//\"/\\\"}\"|" "$cfg" >build/run/pvkit.cfg
	cfg=build/run/pvkit.cfg
fi
tools/deps.sh xen || exit 1
echo "pvkit: booting Xen 4.17 + dom0 in QEMU, then xl create $cfg (about a minute)" >&2
if ! tests/xen-harness/run-xen.sh -o "$out" -t 60 pvkit="$cfg"; then
	echo "pvkit: the Xen harness failed; see $out/serial.log" >&2
	exit 1
fi
sed -i 's/\r$//' "$out/pvkit.console"
cat "$out/pvkit.console"
echo "pvkit: domain shut down: $(cat "$out/pvkit.reason")"
[ "$(cat "$out/pvkit.reason")" = poweroff ] &&
	[ "$(grep -v '^$' "$out/pvkit.console" | tail -n 1)" = "Test result: SUCCESS" ]
