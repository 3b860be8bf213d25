#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Reads patched call sites out of an `xl dump-core` of a pvkit domU.

usage: check_core.py CORE IMAGE SITES_MAP
The Xen core is an ELF file whose .xen_p2m section lists (pfn, mfn) pairs
and whose .xen_pages section holds the pages in the same order.  Every
irq_disable, save_fl and restore_fl site of build/pvkit.sites must read, in
the guest's memory as dumped, what its patch mode (from the image's
.pv_sites) makes of it: Xen's template, filling the site, for the kernel's
own sites and inline benchmark copies, a direct call (e8) or the indirect
one (ff 15) for the other copies.  Exit 1 otherwise.
"""
import struct
import sys

# Written out here, not read from the image, so a changed template fails.
TEMPLATES = {
    # movb $1,%gs:0x41
    "irq_disable": bytes.fromhex("65c604254100000001"),
    # cmpb $1,%gs:0x41; sbb %eax,%eax; and $0x200,%eax
    "save_fl": bytes.fromhex("65803c2541000000 01 19c0 2500020000".replace(" ", "")),
    # bt $9,%edi; setnc %gs:0x41; jnc end; testb $0xff,%gs:0x40; jz end;
    # call *%gs:0x18; end:
    "restore_fl": bytes.fromhex("0fbae709 650f930425410000 00 7313 65f6042540000000ff 7408 "
                                "65ff142518000000".replace(" ", "")),
}


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


def expected(op, mode, data):
    if mode in (MODE_BOOT, MODE_INLINE):
        return data == TEMPLATES[op]
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
    def read(addr, n):
        """n bytes of guest memory at addr, page by page (b"" if one is missing)."""
        out = b""
        while len(out) < n:
            page = index.get((addr + len(out)) >> 12)
            if page is None:
                return b""
            off = (addr + len(out)) & 4095
            take = min(n - len(out), 4096 - off)
            out += core[pages_off + page * 4096 + off:][:take]
        return out

    sites = [(int(addr, 16), op, int(length)) for addr, op, length in
             (line.split() for line in open(sys.argv[3])) if op in TEMPLATES]
    bad = 0
    for addr, op, length in sites:
        data = read(addr, length)
        if length != len(TEMPLATES[op]) or not expected(op, modes.get(addr), data):
            bad += 1
            print(f"check-core: {op} site {addr:#x} ({length} bytes) reads "
                  f"{data.hex() or 'nothing'}")
    missing = []
    for op in TEMPLATES:
        of_op = [a for a, o, _ in sites if o == op]
        own = sum(1 for a in of_op if modes.get(a) == MODE_BOOT)
        print(f"check-core: {op}: {len(of_op)} sites ({own} of the kernel's own)")
        if not of_op:
            missing.append(op)
    print(f"check-core: {len(sites) - bad} of {len(sites)} sites read as patched"
          + (f"; no sites of {', '.join(missing)}" if missing else ""))
    sys.exit(1 if bad or missing else 0)


if __name__ == "__main__":
    main()
