# The native/Xen comparison (make run's table, JSON and chart): sourced by
# tests/run-all.sh after the native and Xen boot tests, from their "bench" logs.

CMP=$OUT/compare
mkdir -p "$CMP"
native_bench=$OUT/native/native-bench.log
xen_bench=$OUT/xen/bench.console
if [ ! -s "$native_bench" ] || [ ! -s "$xen_bench" ]; then
	t_fail compare-json-and-static-figures "no benchmark logs from both boots"
elif ! tools/deps.sh report >"$CMP/deps.log" 2>&1 ||
	! make -s --no-print-directory build/tools/pathstat >"$CMP/build.log" 2>&1; then
	t_fail compare-json-and-static-figures "report tools missing" "$CMP/deps.log"
elif ! { build/tools/pathstat build/pvkit.elf "$native_bench" >"$CMP/native.static" &&
	build/tools/pathstat build/pvkit.elf "$xen_bench" >"$CMP/xen.static" &&
	tools/compare.py "$native_bench" "$xen_bench" "$CMP/native.static" "$CMP/xen.static" \
		"$CMP/compare.json" "$CMP/compare.dat" >"$CMP/table.txt" 2>&1; }; then
	t_fail compare-json-and-static-figures "the comparison tools failed" "$CMP/table.txt"
elif python3 tests/check-compare.py "$CMP/compare.json" "$native_bench" "$xen_bench" \
	>"$CMP/check.txt" 2>&1; then
	t_pass compare-json-and-static-figures
	if gnuplot -e "data='$CMP/compare.dat'; out='$CMP/compare.svg'" tools/compare.gnuplot \
		2>"$CMP/gnuplot.log" && grep -q '<svg' "$CMP/compare.svg"; then
		t_pass compare-chart
	else
		t_fail compare-chart "gnuplot drew no SVG" "$CMP/gnuplot.log"
	fi
else
	t_fail compare-json-and-static-figures "see $CMP/check.txt" "$CMP/check.txt"
fi
