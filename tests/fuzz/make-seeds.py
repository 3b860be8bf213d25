#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Writes the fuzz targets' seed corpora (tests/fuzz/corpus/<target>/).

Run from the top of the tree after `make` (the patch seeds are the image's
own site records): python3 tests/fuzz/make-seeds.py
"""
import os
import struct
import subprocess

OUT = "tests/fuzz/corpus"


def put(target, name, data):
    os.makedirs(f"{OUT}/{target}", exist_ok=True)
    with open(f"{OUT}/{target}/{name}", "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())


def cmdline():
    for i, line in enumerate([
            "bench", "pvpatch=call maxcpus=2", "fail=selftest stay",
            'pvpatch="off" bench', "maxcpus=0", "maxcpus=abc", "maxcpus=4097",
            "=x unknown fail= bench=1", 'a="b c" flag "unterminated', "x" * 140,
            "fail=cpu-hang\tpvpatch=inline\nstay\r"]):
        put("cmdline", f"line{i}", line)


def fmt():
    for i, f in enumerate([
            "pvkit: patch: %-17s sites=%-3u inlined=%-3u calls=%-3u\n",
            "%d %i %u %x %X %o %p %s %c %%", "[%5d][%-5d][%05d][%+d][% d]",
            "%#lx %08lx %.3s %10.4s %-10s|", "%hhd %hd %ld %lld %zu %zd",
            "%#o %#x %#X %.0d %.10u", "%q %", "%llx%lu%lX"]):
        put("format", f"fmt{i}", f)


def patch():
    """The image's own sites, as records for both backends and every mode."""
    elf = open("build/pvkit.elf", "rb").read()
    shoff, = struct.unpack_from("<Q", elf, 0x28)
    shnum, shstrndx = struct.unpack_from("<HH", elf, 0x3c)
    secs = [struct.unpack_from("<IIQQQQIIQQ", elf, shoff + 64 * i) for i in range(shnum)]
    names = secs[shstrndx][4]
    sites = None
    for s in secs:
        name = elf[names + s[0]:elf.index(b"\0", names + s[0])]
        if name == b".pv_sites":
            sites = elf[s[4]:s[4] + s[5]]
    seen = {}
    for off in range(0, len(sites), 16):
        addr, op, length, mode, clobbers = struct.unpack_from("<QHBBH", sites, off)
        seen.setdefault((op, length, clobbers), addr)
    for flags in range(0, 12):
        recs = b""
        for (op, length, clobbers), addr in sorted(seen.items()):
            kind = 1 if op % 5 else 0
            recs += struct.pack("<QBBBBHiBB", addr, op, length, 0, flags, clobbers,
                                0x4000, kind, 0)
        put("patch", f"sites-flags{flags}", recs)


def xs_msg(type_, req_id, payload, tx=0):
    return struct.pack("<IIII", type_, req_id, tx, len(payload)) + payload


XS_READ, XS_WATCH_EVENT, XS_ERROR, XS_TRANSACTION_START = 2, 15, 16, 6


def xenstore():
    put("xenstore", "read", bytes([0, 0]) + xs_msg(XS_READ, 1, b"pvkit-domu"))
    put("xenstore", "error", bytes([1, 0, 1]) + xs_msg(XS_ERROR, 1, b"ENOENT\0")
        + xs_msg(1, 2, b"OK\0"))
    put("xenstore", "tx", bytes([1, 3, 4]) + xs_msg(XS_TRANSACTION_START, 1, b"17\0")
        + xs_msg(7, 2, b"OK\0"))
    put("xenstore", "watch", bytes([2, 6, 7, 0x20])
        + xs_msg(4, 1, b"OK\0") + xs_msg(XS_WATCH_EVENT, 0, b"control/shutdown\0token\0")
        + xs_msg(XS_READ, 2, b"poweroff"))
    put("xenstore", "directory", bytes([0, 0x45]) + xs_msg(1, 1, b"a\0bb\0ccc\0"))
    put("xenstore", "other-reply", bytes([0, 0x18]) + xs_msg(XS_READ, 9, b"stale")
        + xs_msg(XS_READ, 1, b"x" * 300))


def elf_seed():
    os.makedirs("build/fuzz", exist_ok=True)
    subprocess.run(["gcc", "-nostdlib", "-static", "-no-pie", "-Wl,--build-id=none",
                    "-Wl,-T,tests/fuzz/seeds/tiny.ld", "-Wl,-z,noexecstack", "-o", "build/fuzz/tiny.elf",
                    "tests/fuzz/seeds/tiny.S"], check=True)
    subprocess.run(["strip", "--strip-debug", "build/fuzz/tiny.elf"], check=True)
    data = open("build/fuzz/tiny.elf", "rb").read()
    for target in ("sitesmap", "audit"):
        put(target, "tiny.elf", data)
    # pathstat: a 2-byte length, a boot log of that length, the image.
    syms = dict((line.split()[2], int(line.split()[0], 16)) for line in subprocess.run(
        ["nm", "build/fuzz/tiny.elf"], capture_output=True, text=True).stdout.splitlines())
    site, fn = syms["bench_irq_inline"], syms["native_irq_disable"]
    rel = (fn - (site + 5)) & 0xffffffff
    log = (f"pvkit: site: addr={site:x} op=irq_disable bytes=e8{rel.to_bytes(4, 'little').hex()}90"
           f" target={fn:x}\nother line\n").encode()
    put("pathstat", "tiny", struct.pack("<H", len(log)) + log + data)


if __name__ == "__main__":
    cmdline()
    fmt()
    patch()
    xenstore()
    elf_seed()
