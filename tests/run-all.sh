#!/usr/bin/env bash
# The whole test suite behind `make check`: host unit tests, native boot
# tests under QEMU, Xen boot tests (Xen + Debian dom0 in QEMU, xl create).
# Ends with "N passed, N failed"; exits non-zero if anything failed.
#   PVKIT_SKIP_XEN=1 skips the Xen boot (a developer's quick loop).
#   PVKIT_SKIP_PATCHES=1 skips the patches/ group (Linux 6.1 series: two
#   kernel builds, Xen and native boots).
set -uo pipefail
cd "$(dirname "$0")/.."
. tests/lib.sh

OUT=build/test-results
rm -rf "$OUT"
mkdir -p "$OUT/native" "$OUT/unit"

echo "== unit tests (cmocka)"
if ! make -s unit-tests >"$OUT/unit/build.log" 2>&1; then
	t_fail unit-build "unit tests do not build" "$OUT/unit/build.log"
else
	for bin in build/unit/test_*; do
		name=$(basename "$bin")
		log=$OUT/unit/$name.log
		"$bin" >"$log" 2>&1
		ok=$(grep -c '^\[       OK \]' "$log")
		total=$(sed -n 's/^\[==========\] \([0-9]*\) test(s) run\./\1/p' "$log")
		if [ -z "$total" ]; then
			t_fail "unit/$name" "did not finish" "$log"
			continue
		fi
		while read -r t; do t_pass "unit/$name/$t"; done < <(sed -n 's/^\[       OK \] //p' "$log")
		while read -r t; do t_fail "unit/$name/$t" "see $log" "$log"; done < <(
			sed -n 's/^\[  FAILED  \] \([a-z_0-9]*\)$/\1/p' "$log" | sort -u)
		[ "$ok" -eq "$total" ] || [ "$(grep -c '^\[  FAILED  \] [a-z_0-9]*$' "$log")" -gt 0 ] ||
			t_fail "unit/$name" "$ok of $total passed" "$log"
	done
fi

echo "== audit (tools/audit on build/pvkit.elf)"
. tests/audit-tests.sh

if ! make -s debug >"$OUT/debug-build.log" 2>&1; then
	t_fail debug-paravirt-build "make debug failed" "$OUT/debug-build.log"
fi

echo "== native boot tests (QEMU TCG, PVH entry)"
. tests/boot/native-tests.sh

if [ "${PVKIT_SKIP_XEN:-0}" = 1 ]; then
	echo "== Xen boot tests skipped (PVKIT_SKIP_XEN=1)"
else
	echo "== Xen boot tests (Xen 4.17 + Debian dom0 in QEMU TCG, xl create)"
	. tests/boot/xen-tests.sh
	echo "== native/Xen comparison (tools/compare.py, tools/pathstat)"
	. tests/boot/compare-tests.sh
fi

if [ "${PVKIT_SKIP_PATCHES:-0}" = 1 ]; then
	echo "== patches/ tests skipped (PVKIT_SKIP_PATCHES=1)"
else
	echo "== patches/: Linux 6.1 series, Xen PV irq_disable inlined (Xen + QEMU)"
	. tests/patches/patches-tests.sh
fi

t_summary
