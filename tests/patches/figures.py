#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Prints a series' figures from one test run:  figures.py RESULTS_DIR BUILD_DIR

BUILD_DIR is the series' build/linux/SERIES (the kernels); RESULTS_DIR
holds xen/{stock,patched}{1,2}.console (the Xen harness) and
native/{stock,patched}{1,2}.log (QEMU).  Each guest printed the best of a
few rounds of its loops ("pvtest: bench NAME iters N rounds R best_ns T").
Ratios are patched/stock within this one run; below 1 means the patched
kernel was faster.  Exits non-zero if a figure is missing.
"""
import os
import re
import subprocess
import sys

res, build = sys.argv[1], sys.argv[2]
RUNS = [("xen", "1"), ("xen", "2"), ("native", "1"), ("native", "2")]


def log(kind, variant, cpus):
    ext = "console" if kind == "xen" else "log"
    return os.path.join(res, kind, f"{variant}{cpus}.{ext}")


def benches(path):
    out = {}
    for line in open(path, errors="replace"):
        m = re.search(r"pvtest: bench (\w+) iters (\d+) rounds \d+ best_ns (\d+)", line)
        if m:
            out[m.group(1)] = int(m.group(3)) / int(m.group(2))
    return out


def sites(path):
    for line in open(path, errors="replace"):
        m = re.search(r"pvtest: site sites (\d+) init (\d+)", line)
        if m:
            return int(m.group(1)), int(m.group(2))
    return None


def text_size(variant):
    with open(f"{build}/{variant}/size.txt") as f:
        return int(f.readlines()[1].split()[0])


def code_bytes(variant):
    """Sum of the sizes of the code symbols: size(1)'s text also counts
    rodata and section padding, which hide a few hundred bytes."""
    nm = subprocess.run(["nm", "-S", f"{build}/{variant}/vmlinux"],
                        capture_output=True, text=True, check=True).stdout
    return sum(int(f[1], 16) for f in map(str.split, nm.splitlines())
               if len(f) == 4 and f[2] in ("t", "T"))


missing = 0
with open(f"{build}/patched/version.txt") as f:
    source = " ".join(f.read().split()[:2])
print(f"{source}: figures of one run, ns per operation (best of the rounds).")
print("TCG (software emulation) timings are only indicative of real hardware.")
print(f"{'run':<10} {'loop':<9} {'stock':>9} {'patched':>9} {'patched/stock':>14}")
for kind, cpus in RUNS:
    s, p = benches(log(kind, "stock", cpus)), benches(log(kind, "patched", cpus))
    for loop in ("irq_pair", "syscall"):
        name = f"{kind}-{cpus}"
        if loop not in s or loop not in p:
            print(f"{name:<10} {loop:<9} missing")
            missing += 1
            continue
        print(f"{name:<10} {loop:<9} {s[loop]:9.1f} {p[loop]:9.1f} {p[loop] / s[loop]:14.3f}")

ps, ss = sites(log("xen", "patched", "1")), sites(log("xen", "stock", "1"))
if ps and ss:
    print(f"irq_disable sites: {ps[0]} in permanent text (+{ps[1]} in init text)"
          f" patched, {ss[0]} (+{ss[1]}) stock")
else:
    print("irq_disable sites: missing")
    missing += 1
st, pt = text_size("stock"), text_size("patched")
print(f"vmlinux text (size): stock {st} bytes, patched {pt} bytes, change {pt - st:+d}"
      f" ({100.0 * (pt - st) / st:+.3f}%)")
sc, pc = code_bytes("stock"), code_bytes("patched")
print(f"vmlinux code (nm -S, t/T symbols): stock {sc} bytes, patched {pc} bytes,"
      f" change {pc - sc:+d} ({100.0 * (pc - sc) / sc:+.3f}%)")
sys.exit(1 if missing else 0)
