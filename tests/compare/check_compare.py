#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Checks tools/compare.py's JSON and the static figures against the patched bytes.

usage: check_compare.py COMPARE_JSON NATIVE_LOG XEN_LOG PVH_LOG
Prints one line per failed check and exits 1 if any failed.
"""
import json
import re
import sys

OPS = ["irq_pair", "save_restore", "spinlock_irqsave", "read_cr2", "cpuid", "null_trap",
       "pte_update_flush", "percpu_inc"]
PV_OPS = [op for op in OPS if op != "percpu_inc"]
MILESTONES = ["entry", "console", "percpu", "patched", "cpus", "selftests"]
SITE = re.compile(r"^pvkit: site: addr=0x([0-9a-f]+) op=(\S+) bytes=([0-9a-f]+) target=")

failures = []


def check(cond, what):
    if not cond:
        failures.append(what)


def site_bytes(log):
    with open(log, errors="replace") as f:
        return [(m.group(2), m.group(3)) for m in map(SITE.match, f) if m]


def main():
    data = json.load(open(sys.argv[1]))
    check("TCG" in data.get("note", ""), "the TCG caveat is missing")
    for backend, modes in (("native", ["native", "off", "call", "inline"]),
                           ("xen-pv", ["off", "call", "inline"]),
                           ("xen-pvh", ["off", "call", "inline"])):
        boot = data["backends"].get(backend)
        check(boot is not None, f"{backend}: missing")
        if boot is None:
            continue
        check(boot.get("result") == "SUCCESS", f"{backend}: boot result {boot.get('result')}")
        check(sorted(boot["milestones_ns"]) == sorted(MILESTONES),
              f"{backend}: milestones {sorted(boot['milestones_ns'])}")
        # entry is the origin of the kernel's clock; every later milestone
        # takes time, so each must come strictly after the one before.
        ms = boot["milestones_ns"]
        check(all(a in ms and b in ms and ms[a] < ms[b]
                  for a, b in zip(MILESTONES, MILESTONES[1:])),
              f"{backend}: milestones not strictly in order: {ms}")
        check(boot.get("patch") and boot["patch"]["sites"] > 0, f"{backend}: no patch statistics")
        for op in OPS:
            for mode in modes:
                fig = boot["bench"].get(op, {}).get(mode)
                check(fig and isinstance(fig.get("cycles"), float) and fig["cycles"] > 0 and
                      isinstance(fig.get("ratio"), float), f"{backend}: {op}/{mode} has no figures")
                if op in PV_OPS and mode != "native":
                    st = (fig or {}).get("static")
                    check(st and st["instructions"] > 0 and st["bytes"] > 0,
                          f"{backend}: {op}/{mode} has no static figures")

    # Static figures from the patched bytes, exact on any machine.
    nat, xen = data["backends"]["native"]["bench"], data["backends"]["xen-pv"]["bench"]
    st = nat["irq_pair"]["inline"]["static"]
    check(st["instructions"] == 6 and st["bytes"] == 37 and st["path"].startswith("cli; nop") and
          "; sti; nop" in st["path"], f"native irq_pair/inline static {st}")
    st = xen["read_cr2"]["inline"]["static"]
    check((st["instructions"], st["bytes"], st["path"]) == (1, 9, "mov rax, qword ptr gs:[0x50]"),
          f"xen read_cr2/inline static {st}")
    st = xen["irq_pair"]["inline"]["static"]
    # Nothing pending: the store, the unmask, the test, and the branch over the call.
    check(st["instructions"] == 4 and st["bytes"] == 29 and
          st["path"].startswith("mov byte ptr gs:[0x41], 1; mov byte ptr gs:[0x41], 0; "
                                "test byte ptr gs:[0x40], 0xff; je ") and "call" not in st["path"],
          f"xen irq_pair/inline static {st}")
    st = xen["save_restore"]["inline"]["static"]
    # Nothing pending, restore unmasking: save_fl's three, restore_fl's five.
    check(st["instructions"] == 8 and st["bytes"] == 42 and
          st["path"].startswith("cmp byte ptr gs:[0x41], 1; sbb eax, eax; and eax, 0x200; "
                                "bt edi, 9; setae byte ptr gs:[0x41]; jae ") and
          "call" not in st["path"], f"xen save_restore/inline static {st}")
    for op, mode in (("irq_pair", "off"), ("irq_pair", "call")):
        for backend, bench in (("native", nat), ("xen-pv", xen)):
            check(bench[op][mode]["static"]["bytes"] >= 37,
                  f"{backend} {op}/{mode}: fewer bytes than its 9- and 28-byte sites")
    # ... and those bytes are what the kernels found at their sites.
    xen_sites = site_bytes(sys.argv[3])
    check(("irq_disable", "65c604254100000001") in xen_sites,
          "no Xen benchmark irq_disable site holds movb $1,%gs:0x41")
    check(("save_fl", "65803c25410000000119c02500020000") in xen_sites,
          "no Xen benchmark save_fl site holds the cmpb/sbb/and template")
    check(any(op == "restore_fl" and b.startswith("0fbae709650f930425410000007313") and
              b.endswith("65ff142518000000") for op, b in xen_sites),
          "no Xen benchmark restore_fl site holds the bt/setnc/test/call template")
    check(any(op == "irq_disable" and b.startswith("fa") for op, b in site_bytes(sys.argv[2])),
          "no native benchmark irq_disable site holds cli")

    # PVH runs the native irq ops inside its HVM container: cli and sti inline.
    st = data["backends"]["xen-pvh"]["bench"]["irq_pair"]["inline"]["static"]
    check(st["path"].startswith("cli") and "; sti" in st["path"] and "call" not in st["path"],
          f"xen-pvh irq_pair/inline static {st}")
    check(any(op == "irq_disable" and b.startswith("fa") for op, b in site_bytes(sys.argv[4])),
          "no PVH benchmark irq_disable site holds cli")

    for f in failures:
        print(f"check-compare: {f}")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
