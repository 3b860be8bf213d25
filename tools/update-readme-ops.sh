#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Regenerates README.md's table of ops from the built image (make ops-table).
set -euo pipefail
cd "$(dirname "$0")/.."
make -s --no-print-directory all build/tools/audit >/dev/null
table=$(build/tools/audit --ops-table build/pvkit.elf)
awk -v table="$table" '
	/<!-- ops-table begin -->/ { print; print table; skip = 1; next }
	/<!-- ops-table end -->/ { skip = 0 }
	!skip' README.md >README.md.tmp
mv README.md.tmp README.md
