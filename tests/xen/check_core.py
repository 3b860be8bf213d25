#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Reads patched call sites out of an `xl dump-core` of a pvkit domU.

usage: check_core.py CORE IMAGE SITES_MAP
The Xen core is an ELF file whose .xen_p2m section lists (pfn, mfn) pairs
and whose .xen_pages section holds the pages in the same order.  Every
irq_disable site of build/pvkit.sites must read, in the guest's memory as
dumped, what its patch mode (from the image's .pv_sites) makes of it:
65 c6 04 25 41 00 00 00 01 (movb $1,%gs:0x41) for the kernel's own sites
and inline benchmark copies, a direct call (e8) or the indirect one
(ff 15) for the other copies.  Exit 1 otherwise.
"""
import struct
import sys

MOVB = bytes.fromhex("65c604254100000001")


def sections(core):
    shoff, = struct.unpack_from("<Q", core, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", core, 0x3A)
    headers = [struct.unpack_from("<IIQQQQIIQQ", core, shoff + i * shentsize)
               for i in range(shnum)]
    strtab_off = headers[shstrndx][4]
    named = {}
    for h in headers:
        name_end = core.index(b"\0", strtab_off + h[0])
        named[core[strtab_off + h[0]:name_end].decode()] = (h[4], h[5])  # offset, size
    return named


MODE_BOOT, MODE_OFF, MODE_CALL, MODE_INLINE = 0, 1, 2, 3


def site_modes(image):
    """Address -> patch mode, from the image's .pv_sites records."""
    off, size = sections(image)[".pv_sites"]
    return {addr: mode for addr, _op, _len, mode, _clob, _res in
            (struct.unpack_from("<QHBBHH", image, off + i) for i in range(0, size, 16))}


def expected(mode, data):
    if mode in (MODE_BOOT, MODE_INLINE):
        return data == MOVB
    if mode == MODE_CALL:
        return data[:1] == b"\xe8"
    return data[:2] == b"\xff\x15"


def main():
    core = open(sys.argv[1], "rb").read()
    modes = site_modes(open(sys.argv[2], "rb").read())
    if core[:4] != b"\x7fELF":
        sys.exit("check-core: not an ELF core")
    secs = sections(core)
    p2m_off, p2m_size = secs[".xen_p2m"]
    pages_off, _ = secs[".xen_pages"]
    index = {}
    for i in range(p2m_size // 16):
        pfn, _mfn = struct.unpack_from("<QQ", core, p2m_off + 16 * i)
        index[pfn] = i
    sites = [int(line.split()[0], 16) for line in open(sys.argv[3])
             if line.split()[1] == "irq_disable"]
    bad = 0
    for addr in sites:
        i = index.get(addr >> 12)
        data = core[pages_off + i * 4096 + (addr & 4095):][:9] if i is not None else b""
        if not expected(modes.get(addr), data):
            bad += 1
            print(f"check-core: irq_disable site {addr:#x} reads {data.hex() or 'nothing'}")
    own = sum(1 for a in sites if modes.get(a) == MODE_BOOT)
    print(f"check-core: {len(sites) - bad} of {len(sites)} irq_disable sites read as patched "
          f"({own} of the kernel's own, all movb $1,%gs:0x41)")
    sys.exit(1 if bad or not sites else 0)


if __name__ == "__main__":
    main()
