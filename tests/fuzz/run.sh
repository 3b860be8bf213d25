#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# make fuzz: runs each libFuzzer target for a bounded time from its seed
# corpus; says per target what it ran and found, fails if any crashed.
#   tests/fuzz/run.sh BIN_DIR OUT_DIR SECONDS TARGET...
# (the targets are BIN_DIR/fuzz_TARGET; OUT_DIR takes corpus/, crashes/, logs/)
set -uo pipefail
bin=$1 dir=$2 seconds=$3
shift 3
failed=()
for t in "$@"; do
	mkdir -p "$dir/corpus/$t" "$dir/crashes/$t" "$dir/logs"
	log=$dir/logs/$t.log
	echo "fuzz: $t for ${seconds}s (log $log)"
	# The first corpus directory takes the new inputs; the seeds stay as they are.
	"$bin/fuzz_$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=1024 \
		-print_final_stats=1 -artifact_prefix="$dir/crashes/$t/" \
		"$dir/corpus/$t" "tests/fuzz/corpus/$t" >"$log" 2>&1
	rc=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1)
	corpus=$(ls "$dir/corpus/$t" | wc -l)
	if [ $rc -ne 0 ]; then
		failed+=("$t")
		echo "fuzz: $t FAILED (exit $rc) after ${runs:-?} runs; input in $dir/crashes/$t/:"
		grep -m3 -E 'ERROR|fuzz_[a-z]+:|runtime error' "$log" | sed 's/^/fuzz:   /'
	else
		echo "fuzz: $t clean: ${runs:-?} runs, $cov, $corpus new corpus inputs"
	fi
done
[ ${#failed[@]} -eq 0 ] || { echo "fuzz: crashed: ${failed[*]}"; exit 1; }
echo "fuzz: all ${#@} targets clean"
