#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Checks the irq_disable site dump in a patches/ test guest's console.

  sites.py CONSOLE xen-inline DISP   every site is movb $1,%gs:DISP (65 c6 04 25 <disp32> 01)
  sites.py CONSOLE xen-inline-rip TARGET
                                     (Linux 7.3) every site is movb $1,%gs:TARGET(%rip),
                                     65 c6 05 <rel32> 01 then nops, with ADDR + 8 + rel32
                                     == TARGET (the dump must give each site's ADDR)
  sites.py CONSOLE xen-call          every site is a direct call (e8 <rel32>) then nops
  sites.py CONSOLE native            every site is cli (fa) then nops

The dump comes from the running kernel (debugfs, tests/patches/SERIES/
linux-probe.patch), one line per site: "pvtest: site LEN b0 b1 ..." (the
7.3 probe adds " @ADDR").  Prints "sites=N len=L ok" or the first site that
does not match, and exits non-zero on any mismatch.
"""
import re
import sys

# The nop encodings Linux pads with (asm/nops.h), longest first.
NOPS = [bytes.fromhex(h) for h in (
    "0f1f840000000000", "0f1f8000000000", "660f1f440000", "0f1f440000",
    "0f1f4000", "0f1f00", "6690", "90")]


def all_nops(b):
    while b:
        for n in NOPS:
            if b.startswith(n):
                b = b[len(n):]
                break
        else:
            return False
    return True


def main():
    console, mode = sys.argv[1], sys.argv[2]
    header, sites = None, []
    for line in open(console, errors="replace"):
        line = line.strip()
        m = re.match(r"pvtest: site sites (\d+) init (\d+)$", line)
        if m:
            header = int(m.group(1))
            continue
        m = re.match(r"pvtest: site (\d+)((?: [0-9a-f]{2})+)(?: @([0-9a-f]+))?$", line)
        if m:
            sites.append((int(m.group(1)), bytes.fromhex(m.group(2).replace(" ", "")),
                          int(m.group(3), 16) if m.group(3) else None))
    if header is None or header == 0 or header != len(sites):
        sys.exit(f"bad dump: header says {header} sites, {len(sites)} lines")

    for i, (n, b, addr) in enumerate(sites):
        if n != len(b):
            ok = False
        elif mode == "xen-inline":
            disp = int(sys.argv[3], 0).to_bytes(4, "little")
            ok = b == bytes.fromhex("65c60425") + disp + b"\x01"
        elif mode == "xen-inline-rip":
            target = int(sys.argv[3], 0)
            ok = addr is not None and b[:3] == bytes.fromhex("65c605") and b[7] == 1 \
                and addr + 8 + int.from_bytes(b[3:7], "little", signed=True) == target \
                and all_nops(b[8:])
        elif mode == "xen-call":
            ok = b[0] == 0xe8 and all_nops(b[5:])
        elif mode == "native":
            ok = b[0] == 0xfa and all_nops(b[1:])
        else:
            sys.exit(f"bad mode {mode}")
        if not ok:
            sys.exit(f"site {i} of {len(sites)} is not {mode}: {n} {b.hex(' ')}")
    lens = sorted({n for n, _, _ in sites})
    print(f"sites={len(sites)} len={','.join(map(str, lens))} ok")


main()
