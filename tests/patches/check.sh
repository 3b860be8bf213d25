#!/usr/bin/env bash
# `make check-patches`: only the patches/ group of the test suite, ending
# with "N passed, N failed" like tests/run-all.sh.
set -uo pipefail
cd "$(dirname "$0")/../.."
. tests/lib.sh
OUT=build/test-results
mkdir -p "$OUT"
echo "== patches/: Linux 6.1 series, Xen PV irq_disable inlined (Xen + QEMU)"
. tests/patches/patches-tests.sh
t_summary
