#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# make run: the same image booted natively and as a Xen PV domU, compared
# side by side.  Lines both boots print are aligned; "|" marks a line that
# differs, "<" one only the native boot printed, ">" one only Xen's.
set -uo pipefail
cd "$(dirname "$0")/../.."
PY=/usr/bin/python3
mkdir -p build/run
tools/deps.sh report test native xen || exit 1
# Both boots run the microbenchmarks too (the "bench" option).
export PVKIT_CMDLINE="bench ${PVKIT_CMDLINE:-}"
echo "pvkit: booting natively (QEMU q35) ..." >&2
$PY tests/harness/run.py native >build/run/native.out 2>build/run/native.err
native_rc=$?
echo "pvkit: booting as a Xen PV domU (Xen + dom0 in QEMU, xl create) ..." >&2
$PY tests/harness/run.py xen >build/run/xen.out 2>build/run/xen.err
xen_rc=$?

width=170
printf '%-*s   %s\n' $((width / 2 - 2)) "NATIVE: QEMU q35, PVH entry" \
	"XEN PV DOMU: xl create domU-configs/pvkit.cfg"
printf '%*s\n' "$width" '' | tr ' ' '-'
# The boot logs without the benchmark lines (those go into the table below).
for side in native xen; do
	grep -Ev '^pvkit: (bench|site): ' "build/run/$side.out" >"build/run/$side.boot"
done
diff --side-by-side --expand-tabs --width=$width build/run/native.boot build/run/xen.boot
echo
echo "== per-operation cost in every patch mode, milestones, patch statistics"
make -s --no-print-directory build/tools/pathstat
build/tools/pathstat build/pvkit.elf build/run/native.out >build/run/native.static &&
build/tools/pathstat build/pvkit.elf build/run/xen.out >build/run/xen.static &&
$PY tools/compare.py build/run/native.out build/run/xen.out build/run/native.static \
	build/run/xen.static build/compare.json build/compare.dat &&
gnuplot -e "data='build/compare.dat'; out='build/compare.svg'" tools/compare.gnuplot &&
echo "pvkit: raw figures: build/compare.json   chart: build/compare.svg"
echo
result() { [ "$1" -eq 0 ] && echo SUCCESS || echo FAILURE; }
echo "pvkit: native: $(result $native_rc)   xen-pv: $(result $xen_rc)"
for side in native xen; do
	rc_var=${side}_rc
	if [ "${!rc_var}" -ne 0 ]; then
		echo "pvkit: $side boot failed; its runner said:"
		sed 's/^/    /' "build/run/$side.err"
	fi
done
echo "pvkit: logs: build/run/native.out build/run/xen.out (Xen's serial: build/run/xen/serial.log)"
[ $native_rc -eq 0 ] && [ $xen_rc -eq 0 ]
