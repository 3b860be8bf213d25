# SPDX-License-Identifier: MIT
# Chart of tools/compare.py's data file: per operation, cost relative to the
# backend's reference, for every backend and patch mode.
#   gnuplot -e "data='build/compare.dat'; out='build/compare.svg'" tools/compare.gnuplot
# With pvh=1 (-e "...; pvh=1") the data file has Xen PVH's four columns too.
set terminal svg size 1200,600 dynamic font "sans,11" background rgb "white" noenhanced
set output out
set title "pvkit: cost per operation relative to the backend's reference (QEMU TCG: ratios only)"
set ylabel "ratio (native: instruction compiled in = 1; Xen: inline patch = 1)"
set style data histograms
set style histogram clustered gap 2
set style fill solid 0.85 border -1
set boxwidth 0.9
set xtics rotate by -25 nomirror
set key top left
set grid ytics
set logscale y 2
set yrange [0.5:*]
if (!exists("pvh")) pvh = 0
if (pvh) {
    plot data using 2:xtic(1) title "native: compiled in", \
         '' using 3 title "native: indirect call", \
         '' using 4 title "native: direct call", \
         '' using 5 title "native: inline patch", \
         '' using 7 title "xen-pv: indirect call", \
         '' using 8 title "xen-pv: direct call", \
         '' using 9 title "xen-pv: inline patch", \
         '' using 11 title "xen-pvh: indirect call", \
         '' using 12 title "xen-pvh: direct call", \
         '' using 13 title "xen-pvh: inline patch"
} else {
    plot data using 2:xtic(1) title "native: compiled in", \
         '' using 3 title "native: indirect call", \
         '' using 4 title "native: direct call", \
         '' using 5 title "native: inline patch", \
         '' using 7 title "xen-pv: indirect call", \
         '' using 8 title "xen-pv: direct call", \
         '' using 9 title "xen-pv: inline patch"
}
