#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Compare a native, a Xen PV and (optionally) a Xen PVH boot of pvkit run with "bench".

usage: compare.py NATIVE_LOG XEN_LOG NATIVE_STATIC XEN_STATIC OUT_JSON OUT_DAT
       compare.py NATIVE_LOG XEN_LOG PVH_LOG NATIVE_STATIC XEN_STATIC PVH_STATIC OUT_JSON OUT_DAT

Reads the kernels' "pvkit: bench:", "milestone:" and "patch:" lines and
tools/pathstat's "static:" lines, prints one side-by-side table, and writes
the raw figures as JSON and a data file for tools/compare.gnuplot.

Ratios are to each backend's best available form of the operation: the
instruction compiled in ("native" mode) on the native backend, the inline
patch on Xen PV, which has no unparavirtualised form, and on Xen PVH (the
native instructions patched in; the compiled-in references are the
native backend's own).
"""
import json
import re
import sys

MODES = ["native", "off", "call", "inline"]
BENCH = re.compile(r"^pvkit: bench: (\S+) mode=(\S+) cycles=([\d.]+) ns=([\d.]+) iters=(\d+)x(\d+)$")
MILESTONE = re.compile(r"^pvkit: milestone: (\S+) +ns=(\d+)$")
PATCH = re.compile(r"^pvkit: patch: mode=(\S+) sites=(\d+) inlined=(\d+) calls=(\d+) nops=(\d+) left=(\d+)$")
STATIC = re.compile(r"^static: (\S+) (\S+) sites=(\d+) insns=(\d+) bytes=(\d+) path=(.*)$")
RESULT = re.compile(r"^Test result: (\S+)$")
TCG_NOTE = ("Measured under QEMU TCG (software emulation): only ratios and instruction "
            "counts are meaningful, not absolute times.")


def parse_boot(log_path, static_path, reference):
    boot = {"bench": {}, "milestones_ns": {}, "patch": None, "result": None,
            "reference_mode": reference}
    with open(log_path, errors="replace") as log:
        for line in log:
            line = line.rstrip("\r\n")
            if m := BENCH.match(line):
                name, mode = m.group(1), m.group(2)
                boot["bench"].setdefault(name, {})[mode] = {
                    "cycles": float(m.group(3)), "ns": float(m.group(4)),
                    "iterations": int(m.group(5)), "repeats": int(m.group(6))}
            elif m := MILESTONE.match(line):
                boot["milestones_ns"][m.group(1)] = int(m.group(2))
            elif m := PATCH.match(line):
                boot["patch"] = dict(zip(["mode", "sites", "inlined", "calls", "nops", "left"],
                                         [m.group(1)] + [int(g) for g in m.groups()[1:]]))
            elif m := RESULT.match(line):
                boot["result"] = m.group(1)
    with open(static_path) as static:
        for line in static:
            if m := STATIC.match(line.rstrip("\n")):
                entry = boot["bench"].setdefault(m.group(1), {}).setdefault(m.group(2), {})
                entry["static"] = {"sites": int(m.group(3)), "instructions": int(m.group(4)),
                                   "bytes": int(m.group(5)), "path": m.group(6)}
    for name, modes in boot["bench"].items():
        ref = modes.get(reference, {}).get("cycles")
        for mode, fig in modes.items():
            fig["ratio"] = round(fig["cycles"] / ref, 3) if ref and "cycles" in fig else None
    return boot


def cell(fig, width=30):
    if not fig or "cycles" not in fig:
        return "-".center(width)
    st = fig.get("static")
    static = f"{st['instructions']:>3}i {st['bytes']:>3}B" if st else "   -    "
    ratio = f"{fig['ratio']:.2f}x" if fig.get("ratio") is not None else "  -  "
    return f"{fig['cycles']:>9.2f} {ratio:>6} {static}"


def main():
    if len(sys.argv) == 7:
        native_log, xen_log, native_static, xen_static, out_json, out_dat = sys.argv[1:]
        pvh_log = pvh_static = None
    elif len(sys.argv) == 9:
        (native_log, xen_log, pvh_log, native_static, xen_static, pvh_static,
         out_json, out_dat) = sys.argv[1:]
    else:
        sys.exit(__doc__)
    boots = {"native": parse_boot(native_log, native_static, "native"),
             "xen-pv": parse_boot(xen_log, xen_static, "inline")}
    if pvh_log:
        boots["xen-pvh"] = parse_boot(pvh_log, pvh_static, "inline")
    names = list(dict.fromkeys(n for b in boots.values() for n in b["bench"]))

    print(TCG_NOTE)
    print("Per operation and patch mode: cycles per iteration (median of runs), ratio to the")
    print("backend's reference (native: instruction compiled in; Xen: inline patch), and the")
    print("static path: instructions and bytes executed at the pv-op sites and their callees.")
    print()
    print(f"{'operation':<18} {'mode':<7}" +
          "".join(f"| {b + ': cycles ratio  path':<30} " for b in boots).rstrip())
    print("-" * (26 + 33 * len(boots)))
    for name in names:
        for mode in MODES:
            figs = [b["bench"].get(name, {}).get(mode) for b in boots.values()]
            if any(figs):
                print(f"{name:<18} {mode:<7}" + "".join(f"| {cell(f)} " for f in figs).rstrip())
    print()
    print(f"{'milestone (ms from entry)':<26} " + " ".join(f"{b:>10}" for b in boots))
    for name in boots["native"]["milestones_ns"]:
        row = [boots[b]["milestones_ns"].get(name) for b in boots]
        print(f"{name:<26} " + " ".join(f"{v / 1e6:>10.3f}" if v is not None else f"{'-':>10}"
                                        for v in row))
    print()
    for b, boot in boots.items():
        p = boot["patch"]
        if p:
            print(f"patch statistics {b:<8}: mode={p['mode']} sites={p['sites']} "
                  f"inlined={p['inlined']} calls={p['calls']} nops={p['nops']} left={p['left']}")
    print()
    report_targets(boots)

    with open(out_json, "w") as f:
        json.dump({"note": TCG_NOTE, "modes": MODES, "backends": boots}, f, indent=2)
    with open(out_dat, "w") as f:
        f.write("# operation " + " ".join(f"{b}:{m}" for b in boots for m in MODES) + "\n")
        for name in names:
            vals = []
            for b in boots:
                for m in MODES:
                    r = boots[b]["bench"].get(name, {}).get(m, {}).get("ratio")
                    vals.append(f"{r}" if r is not None else "NaN")
            f.write(f"{name} " + " ".join(vals) + "\n")


def verdict(ok):
    return "met" if ok else "NOT MET in this run"


def report_targets(boots):
    """The performance targets, measured in this run (reported, not asserted)."""
    nat = boots["native"]["bench"]
    xen = boots["xen-pv"]["bench"]
    pvh = boots.get("xen-pvh", {}).get("bench", {}).get("irq_pair", {})
    for op, compiled in (("irq_pair", "cli;sti"), ("save_restore", "pushf;pop / push;popf"),
                         ("spinlock_irqsave", "section")):
        figs = nat.get(op, {})
        if "native" in figs and "inline" in figs:
            over = (figs["inline"]["cycles"] / figs["native"]["cycles"] - 1) * 100
            print(f"target: native inline {op} within 2% of the compiled-in {compiled}: "
                  f"{over:+.1f}% ({verdict(over <= 2)})")
    pair = xen.get("irq_pair", {})
    if all(m in pair for m in ("inline", "call", "off")):
        vs_call = pair["call"]["cycles"] / pair["inline"]["cycles"]
        vs_off = pair["off"]["cycles"] / pair["inline"]["cycles"]
        print(f"target: Xen inline irq pair cheaper than a direct call ({vs_call:.2f}x) and "
              f">= 2x cheaper than the indirect call ({vs_off:.2f}x): "
              f"{verdict(vs_call > 1 and vs_off >= 2)}")
    for op, want in (("save_restore", 4), ("spinlock_irqsave", 2)):
        figs = xen.get(op, {})
        if "inline" in figs and "off" in figs:
            vs_off = figs["off"]["cycles"] / figs["inline"]["cycles"]
            vs_call = figs["call"]["cycles"] / figs["inline"]["cycles"] if "call" in figs else 0
            print(f"target: Xen inline {op} >= {want}x cheaper than the indirect call: "
                  f"{vs_off:.2f}x (direct call {vs_call:.2f}x) ({verdict(vs_off >= want)})")
    st = xen.get("save_restore", {}).get("inline", {}).get("static")
    if st:
        ok = st["instructions"] <= 8 and "call" not in st["path"]
        print(f"target: Xen inline save_fl+restore_fl, nothing pending, at most 8 instructions "
              f"and no call: {st['instructions']} instructions, {st['bytes']} bytes "
              f"({st['path']}) ({verdict(ok)})")
    if all(m in pvh for m in ("inline", "call", "off")):
        print(f"xen-pvh: inline cli;sti pair vs direct call {pvh['call']['cycles'] / pvh['inline']['cycles']:.2f}x, "
              f"vs indirect call {pvh['off']['cycles'] / pvh['inline']['cycles']:.2f}x (reported, no target)")


if __name__ == "__main__":
    main()
