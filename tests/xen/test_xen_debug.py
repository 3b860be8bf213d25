# SPDX-License-Identifier: MIT
"""The debuggers a Xen developer points at a running guest: xenctx with
build/System.map names the functions in every vCPU's frames; xl dump-core,
turned into an ELF core by tools/xencore2elf.c, read by gdb."""
import os
import re
import subprocess

import pytest

pytestmark = pytest.mark.xen
READY = "Test result: SUCCESS"


def system_map():
    """build/System.map as {address: name} for code symbols."""
    syms = {}
    for line in open("build/System.map"):
        addr, kind, name = line.split()[:3]
        if kind in "tTwW":
            syms[name] = int(addr, 16)
    return syms


def vcpu_sections(text):
    """xenctx -C output split per vCPU: {vcpu number: its text}."""
    parts = re.split(r"^vcpu(\d+):?\s*$", text, flags=re.M)
    return {int(n): body for n, body in zip(parts[1::2], parts[2::2])}


FRAME = re.compile(r"\[<([0-9a-f]+)>\] ([A-Za-z_][A-Za-z0-9_.]*)\+0x([0-9a-f]+)")


def named_frames(body, names):
    """The [<addr>] name+0xoff frames of one vCPU's stack trace, each checked
    against System.map (the name's address plus the offset is the address)."""
    trace = body.split("Stack Trace:", 1)[-1]
    frames = []
    for addr, name, off in FRAME.findall(trace):
        assert name in names, f"{name} is not a code symbol of build/System.map"
        assert names[name] + int(off, 16) == int(addr, 16), f"{name}+0x{off} != {addr}"
        frames.append(name)
    return frames


@pytest.mark.parametrize("vcpus", [1, 2])
def test_xenctx_names_pvkit_frames(xen, outdir, vcpus):
    """xenctx -s build/System.map on a guest idling in `stay`: every vCPU
    sits in the hypercall page (SCHEDOP_block) called from pvkit code, and
    its frame-pointer stack trace names pvkit's functions down to the
    entry: pvkit_main and pvkit_start on vCPU 0, smp_ap_start on the others."""
    g = xen.guest(extra="stay", vcpus=vcpus)
    g.wait_for(READY)
    host = xen.host
    out = os.path.join(outdir, "xenctx.txt")
    # -k 0: pvkit runs at low addresses (the default split would call them user).
    host.check(f"xenctx -s {host.dom0_path('build/System.map')} -f -S -a -C "
               f"-k 0 $(xl domid {g.name}) >{host.dom0_path(out)} 2>&1", timeout=60)
    g.xl(f"shutdown {g.name}")
    g.wait_end()
    text = open(out).read()
    names = system_map()
    sections = vcpu_sections(text)
    assert sorted(sections) == list(range(vcpus)), f"xenctx vCPUs: {sorted(sections)}\n{text}"
    for n, body in sections.items():
        frames = named_frames(body, names)
        assert frames[:1] == ["hypercall_page"], f"vCPU {n} rip: {frames[:1]}\n{body}"
        want = ["pvkit_main", "pvkit_start"] if n == 0 else ["smp_ap_start"]
        assert set(want) <= set(frames), f"vCPU {n}: frames {frames}, want {want}\n{body}"


def test_dump_core_read_by_gdb(xen, outdir):
    """xl dump-core of a running 2-vCPU guest, turned by xencore2elf into an
    ELF core: gdb shows both vCPUs as threads, each backtrace names pvkit's
    functions down to its entry, and variables read as the guest had them."""
    assert subprocess.run(["make", "-s", "build/tools/xencore2elf"]).returncode == 0
    g = xen.guest(extra="stay", vcpus=2)
    g.wait_for(READY)
    xcore, core = os.path.join(outdir, "xen.core"), os.path.join(outdir, "core")
    g.xl(f"dump-core {g.name} /tmp/core", timeout=120)
    xen.host.check(f"cp /tmp/core {xen.host.dom0_path(xcore)}; rm /tmp/core", timeout=120)
    g.xl(f"shutdown {g.name}")
    g.wait_end()
    p = subprocess.run(["build/tools/xencore2elf", xcore, core],
                       capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, p.stderr
    p = subprocess.run(["gdb", "-nx", "-batch", "-x", "tools/pvkit-gdb.py", "build/pvkit.elf", core,
                        "-ex", "info threads", "-ex", "thread apply all bt",
                        "-ex", "print pv_ops.name", "-ex", "print smp_cpus_online"],
                       capture_output=True, text=True, timeout=120)
    out = p.stdout + p.stderr
    with open(os.path.join(outdir, "gdb.log"), "w") as f:
        f.write(out)
    os.remove(xcore)
    threads = re.split(r"^Thread (\d+) \(LWP \d+\):$", out, flags=re.M)
    bts = {int(n): bt for n, bt in zip(threads[1::2], threads[2::2])}
    assert sorted(bts) == [1, 2], out
    for n, want in ((1, ["xen_safe_halt", "pvkit_main", "pvkit_start", "xen_pv_entry"]),
                    (2, ["xen_safe_halt", "smp_ap_start", "xen_ap_start"])):
        frames = re.findall(r"^#\d+ +(?:0x[0-9a-f]+ in )?(\w+) ", bts[n], re.M)
        assert frames[0] == "hypercall_page" and all(f in frames for f in want), \
            f"thread {n}: frames {frames}, want {want}\n{out}"
    assert re.search(r'^\$1 = 0x[0-9a-f]+ "xen-pv"$', out, re.M), out
    assert re.search(r"^\$2 = 2$", out, re.M), out
    os.remove(core)       # kept when the test fails
