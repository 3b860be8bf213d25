#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# make run: the same image booted natively, as a Xen PV domU and as a Xen
# PVH domU, compared side by side.  Lines the boots print are aligned on
# one row (tools/sidebyside.py): "=" every column says the same, "|" the
# columns differ, " " a line some boot does not print.
set -uo pipefail
cd "$(dirname "$0")/../.."
PY=/usr/bin/python3
mkdir -p build/run
tools/deps.sh report test native xen || exit 1
# Every boot runs the microbenchmarks too (the "bench" option).
export PVKIT_CMDLINE="bench ${PVKIT_CMDLINE:-}"
# Each runner says what it is doing (on the terminal and in build/run/SIDE.err).
boot() {	# $1: native, xen or pvh; its runner's exit status
	$PY tests/harness/run.py "$1" 2>&1 >"build/run/$1.out" | tee "build/run/$1.err" >&2
	return "${PIPESTATUS[0]}"
}
echo "pvkit: [1/3] booting natively (QEMU q35) ..." >&2
boot native
native_rc=$?
echo "pvkit: [2/3] booting as a Xen PV domU (Xen + dom0 in QEMU, xl create) ..." >&2
boot xen
xen_rc=$?
echo "pvkit: [3/3] booting as a Xen PVH domU (Xen + dom0 in QEMU, xl create) ..." >&2
boot pvh
pvh_rc=$?

# The terminal's width when it is one, at most 160 columns.
width=160
if [ -t 1 ] && cols=$(tput cols 2>/dev/null) && [ "$cols" -ge 80 ] && [ "$cols" -lt 160 ]; then
	width=$cols
fi
# Only the guests' own lines (the result protocol, the shell's prompt),
# without the benchmark lines (those go into the table below), and without
# the "pvkit: " every line starts with (room in a column of a third).
for side in native xen pvh; do
	grep -E '^(pvkit|Test result: )' "build/run/$side.out" |
		grep -Ev '^pvkit: (bench|site): ' | sed 's/^pvkit: //' >"build/run/$side.boot"
done
$PY tools/sidebyside.py $width \
	"NATIVE: QEMU q35, PVH entry=build/run/native.boot" \
	"XEN PV DOMU: xl create domU-configs/pvkit.cfg=build/run/xen.boot" \
	"XEN PVH DOMU: xl create domU-configs/pvkit-pvh.cfg=build/run/pvh.boot"
echo
echo "== per-operation cost in every patch mode, milestones, patch statistics"
echo "pvkit: decoding the patched sites (pathstat, Capstone) and comparing ..." >&2
make -s --no-print-directory build/tools/pathstat
build/tools/pathstat build/pvkit.elf build/run/native.out >build/run/native.static &&
build/tools/pathstat build/pvkit.elf build/run/xen.out >build/run/xen.static &&
build/tools/pathstat build/pvkit.elf build/run/pvh.out >build/run/pvh.static &&
$PY tools/compare.py build/run/native.out build/run/xen.out build/run/pvh.out \
	build/run/native.static build/run/xen.static build/run/pvh.static \
	build/compare.json build/compare.dat &&
gnuplot -e "data='build/compare.dat'; out='build/compare.svg'; pvh=1" tools/compare.gnuplot &&
echo "pvkit: raw figures: build/compare.json   chart: build/compare.svg"
echo
result() { [ "$1" -eq 0 ] && echo SUCCESS || echo FAILURE; }
echo "pvkit: native: $(result $native_rc)   xen-pv: $(result $xen_rc)   xen-pvh: $(result $pvh_rc)"
for side in native xen pvh; do
	rc_var=${side}_rc
	if [ "${!rc_var}" -ne 0 ]; then
		echo "pvkit: $side boot failed; its runner said:"
		sed 's/^/    /' "build/run/$side.err"
	fi
done
echo "pvkit: logs: build/run/native.out build/run/xen.out build/run/pvh.out" \
	"(Xen's serial: build/run/xen/serial.log, build/run/pvh/serial.log)"
[ $native_rc -eq 0 ] && [ $xen_rc -eq 0 ] && [ $pvh_rc -eq 0 ]
