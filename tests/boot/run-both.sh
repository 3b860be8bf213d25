#!/usr/bin/env bash
# make run: the same image booted natively and as a Xen PV domU, side by side.
set -uo pipefail
cd "$(dirname "$0")/../.."
tests/boot/run-native.sh >build/run-native.out 2>&1
native_rc=$?
tests/boot/run-xen.sh >build/run-xen.out 2>&1
xen_rc=$?

width=78
printf '%-*s | %s\n' $width "NATIVE (QEMU q35, PVH entry)" "XEN PV DOMU (xl create domU-configs/pvkit.cfg)"
printf '%s\n' "$(printf '%*s' $((width * 2 + 3)) '' | tr ' ' '-')"
# Align the two logs line by line, cutting long lines to the column width.
paste -d '\036' <(grep -v '^$' build/run-native.out) <(grep -v '^$' build/run-xen.out) |
	awk -F '\036' -v w=$width '{ printf "%-*s | %s\n", w, substr($1, 1, w), substr($2, 1, w) }'
echo
result() { [ "$1" -eq 0 ] && echo SUCCESS || echo FAILURE; }
echo "pvkit: native: $(result $native_rc)   xen-pv: $(result $xen_rc)"
echo "pvkit: full logs: build/run-native.out build/run-xen.out"
[ $native_rc -eq 0 ] && [ $xen_rc -eq 0 ]
