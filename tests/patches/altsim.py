#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""What Linux 7.3's alternatives code writes at the irq_disable sites of a vmlinux.

  altsim.py VMLINUX SYSTEM_MAP [N]

Reads .altinstructions, finds the irq_disable sites (the site has an
ALT_NOT(X86_FEATURE_XENPV) entry whose replacement is "cli"), and for each
does what apply_alternatives() does (analyze_patch_site, prep_patch_site:
the last eligible entry wins, ALT_FLAG_DIRECT_CALL becomes a direct call,
a RIP-relative displacement in the replacement is moved to the site, the
rest is padding) for three machines:

  native       X86_FEATURE_ALWAYS
  xen-call     + X86_FEATURE_XENPV            (stock, or vcpu_info not placed)
  xen-inline   + X86_FEATURE_XENPV_VCPU_INFO  (the series; absent from stock)

Prints N sites in full (default 5) and a summary per machine; for
xen-inline checks that every store's RIP-relative target is
xen_vcpu_info+1 (evtchn_upcall_mask).  Exits non-zero on a mismatch.
Only the encodings these sites use are decoded.
"""
import bisect
import struct
import sys

X86_FEATURE_ALWAYS = 3 * 32 + 21
X86_FEATURE_XENPV = 8 * 32 + 16
X86_FEATURE_XENPV_VCPU_INFO = 8 * 32 + 20
ALT_FLAG_NOT, ALT_FLAG_DIRECT_CALL = 1, 2
MACHINES = {
    "native": {X86_FEATURE_ALWAYS},
    "xen-call": {X86_FEATURE_ALWAYS, X86_FEATURE_XENPV},
    "xen-inline": {X86_FEATURE_ALWAYS, X86_FEATURE_XENPV, X86_FEATURE_XENPV_VCPU_INFO},
}


class Elf:
    def __init__(self, path):
        self.d = open(path, "rb").read()
        d = self.d
        shoff, = struct.unpack_from("<Q", d, 0x28)
        shentsize, shnum, shstrndx = struct.unpack_from("<HHH", d, 0x3a)
        secs = []
        for i in range(shnum):
            name, typ, flags, addr, off, size = struct.unpack_from("<IIQQQQ", d, shoff + i * shentsize)
            secs.append((name, typ, addr, off, size))
        stroff = secs[shstrndx][3]
        self.secs = {}
        for name, typ, addr, off, size in secs:
            n = d[stroff + name:d.index(b"\0", stroff + name)].decode()
            self.secs[n] = (typ, addr, off, size)

    def read(self, addr, n):
        for typ, a, off, size in self.secs.values():
            if typ == 1 and a and a <= addr and addr + n <= a + size:   # PROGBITS
                return self.d[off + addr - a:off + addr - a + n]
        raise KeyError(hex(addr))


def main():
    elf = Elf(sys.argv[1])
    syms = []
    for line in open(sys.argv[2]):
        a, t, n = line.split()[:3]
        syms.append((int(a, 16), n))
    syms.sort()
    byname = {n: a for a, n in syms}
    addrs = [a for a, _ in syms]
    show = int(sys.argv[3]) if len(sys.argv) > 3 else 5

    def where(addr):
        i = bisect.bisect_right(addrs, addr) - 1
        return f"{syms[i][1]}+{addr - syms[i][0]:#x}"

    _, base, off, size = elf.secs[".altinstructions"]
    entries = []
    for i in range(0, size, 14):
        io, ro, ft, ilen, rlen = struct.unpack_from("<iiIBB", elf.d, off + i)
        a = base + i
        entries.append((a + io, a + 4 + ro, ft & 0xffff, ft >> 16, ilen, rlen))
    groups = {}
    for e in entries:
        groups.setdefault(e[0], []).append(e)

    def is_native(g, insn):
        return any(c == X86_FEATURE_XENPV and f & ALT_FLAG_NOT and rl == 1
                   and elf.read(r, 1) == insn for _, r, c, f, _, rl in g)

    sites = sorted(a for a, g in groups.items() if is_native(g, b"\xfa"))
    # What an inline irq_enable would weigh (the cover letter's limits).
    enables = sum(1 for g in groups.values() if is_native(g, b"\xfb"))
    target_mask = byname.get("xen_vcpu_info", 0) + 1
    xen_direct = byname.get("xen_irq_disable_direct")
    summary = {m: {} for m in MACHINES}
    bad = 0
    for k, site in enumerate(sites):
        g = groups[site]
        slen = max(e[4] for e in g)
        orig = elf.read(site, slen)
        lines = [f"site {site:#x} {where(site)} len {slen}  orig {orig.hex(' ')}"]
        for m, feats in MACHINES.items():
            chosen = None
            for e in g:
                if (e[2] in feats) != bool(e[3] & ALT_FLAG_NOT):
                    chosen = e
            if chosen is None:
                out, what = orig, "unpatched"
            else:
                _, repl, cpuid, flags, ilen, rlen = chosen
                buf = bytearray(elf.read(repl, rlen))
                if flags & ALT_FLAG_DIRECT_CALL:
                    # pv_ops slot: on Xen PV irq_disable is xen_irq_disable_direct
                    # once placed; natively this entry is never the last.
                    dest = xen_direct
                    buf = bytearray(b"\xe8" + struct.pack("<i", dest - (site + 5)))
                    what = "call xen_irq_disable_direct"
                elif buf[:3] == b"\x65\xc6\x05" or buf[:2] == b"\xc6\x05":
                    p = 3 if buf[0] == 0x65 else 2
                    disp, = struct.unpack_from("<i", buf, p)
                    end = p + 5
                    tgt = repl + end + disp              # as assembled at repl
                    new = tgt - (site + end)            # __apply_relocation()
                    struct.pack_into("<i", buf, p, new)
                    ok = site + end + new == target_mask
                    bad += not ok
                    what = f"movb $1,{'%gs:' if p == 3 else ''}{where(site + end + new)}(%rip)" \
                        + ("" if ok else "  MISMATCH")
                elif bytes(buf) == b"\xfa":
                    what = "cli"
                else:
                    what = "other " + bytes(buf).hex(" ")
                out = bytes(buf) + b"\x90" * (slen - len(buf))  # nops, optimized later
            key = "movb store" if "movb" in what else what
            summary[m][key] = summary[m].get(key, 0) + 1
            code = out.rstrip(b"\x90") or out[:1]
            lines.append(f"   {m:10s} {code.hex(' '):26s} + {slen - len(code)} nop  {what}")
        if k < show:
            print("\n".join(lines))
    print(f"irq_disable sites: {len(sites)} (xen_vcpu_info+1 = {target_mask:#x})")
    print(f"irq_enable sites (sti natively): {enables}")
    for m, s in summary.items():
        print(f"  {m:10s} " + ", ".join(f"{v} x {n}" for n, v in sorted(s.items())))
    if bad:
        sys.exit(f"{bad} stores do not target xen_vcpu_info+1")


main()
