# SPDX-License-Identifier: MIT
"""The sensitive-instruction rule (tools/audit) and README's ops table.

Sensitive instructions (tools/sensitive.c: Robin and Irvine's unprivileged
ones, the privileged ones, the platform-revealing ones) belong in
.text.native* only, or where the one allowed table says: the shipped image
must be clean, a copy with a stray instruction of any listed kind in
another section must fail, the same bytes in a .text.native section must
not, and Xen's forced-emulation prefix covers its cpuid and nothing else.
"""
import os
import subprocess

import pytest

from conftest import make

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def audit(images):
    images.kernel
    if not make("build/tools/audit", log="build/test-results/make-audit.log"):
        pytest.fail("tools/audit does not build; see build/test-results/make-audit.log")
    return "build/tools/audit"


def run(*argv):
    return subprocess.run(list(argv), capture_output=True, text=True, timeout=120)


def test_shipped_image_clean(audit):
    p = run(audit, "build/pvkit.elf")
    assert p.returncode == 0 and p.stdout.rstrip().endswith("; 0 escapes"), p.stdout + p.stderr


def with_stray_cli(outdir, section):
    return with_stray(outdir, f"with{section}", b"\xfa\xc3", section)   # cli; ret


def test_catches_stray_cli(audit, outdir):
    p = run(audit, with_stray_cli(outdir, ".text.stray"))
    assert p.returncode == 1, p.stdout
    assert "ESCAPE in .text.stray at " in p.stdout and ": cli" in p.stdout, p.stdout


def test_allows_cli_in_native_section(audit, outdir):
    p = run(audit, with_stray_cli(outdir, ".text.native.stray"))
    assert p.returncode == 0, p.stdout


# One stray of every listed instruction, per class of tools/sensitive.c
# (AT&T syntax, assembled by gcc); each must be reported as an escape.
STRAYS = {
    "unprivileged": [  # Robin & Irvine, USENIX Security 2000
        "sgdt (%rax)", "sidt (%rax)", "sldt %eax", "smsw %eax", "str %eax", "pushfq",
        "popfq", "lar %ax, %eax", "lsl %ax, %eax", "verr %ax", "verw %ax", "push %fs",
        "pop %gs", "lcall *(%rax)", "ljmp *(%rax)", "lretq", "int $0x80", "int3", "iretq",
        "mov %ax, %ds", "mov %ss, %eax"],
    "privileged": [
        "cli", "sti", "hlt", "in %dx, %al", "out %al, %dx", "insb", "outsb", "wrmsr", "rdmsr",
        "mov %cr0, %rax", "mov %rax, %cr3", "mov %dr7, %rax", "mov %rax, %dr0", "lgdt (%rax)",
        "lidt (%rax)", "ltr %ax", "lldt %ax", "invlpg (%rax)", "wbinvd", "invd", "clts",
        "lmsw %ax", "rdpmc", "wrgsbase %rax", "invpcid (%rax), %rax", "vmcall", "vmmcall"],
    "platform": [
        "rdtsc", "rdtscp", "rdpid %rax", "cpuid", "xgetbv", "xsetbv", "monitor", "mwait",
        "swapgs", "sysretq"],
}


def assembled(outdir, name, lines):
    """The bytes of lines, assembled as x86-64 code."""
    src, obj, blob = (os.path.join(outdir, f"{name}.{ext}") for ext in ("S", "o", "bin"))
    with open(src, "w") as f:
        f.write("".join(f"\t{line}\n" for line in lines))
    subprocess.run(["gcc", "-c", src, "-o", obj], check=True)
    subprocess.run(["objcopy", "-O", "binary", "-j", ".text", obj, blob], check=True)
    return open(blob, "rb").read()


def with_stray(outdir, name, code, section=".text.stray"):
    blob = os.path.join(outdir, f"{name}.stray")
    with open(blob, "wb") as f:
        f.write(code)
    elf = os.path.join(outdir, f"{name}.elf")
    subprocess.run(["objcopy", f"--add-section={section}={blob}",
                    f"--set-section-flags={section}=alloc,code,readonly",
                    "build/pvkit.elf", elf], check=True)
    return elf


def escapes(stdout):
    return [line for line in stdout.splitlines() if line.startswith("audit: ESCAPE in ")]


@pytest.mark.parametrize("cls", sorted(STRAYS))
def test_catches_every_listed_instruction(audit, outdir, cls):
    """Each instruction of the class, planted outside .text.native*, is one escape of it."""
    p = run(audit, with_stray(outdir, cls, assembled(outdir, cls, STRAYS[cls])))
    found = escapes(p.stdout)
    assert p.returncode == 1, p.stdout
    assert len(found) == len(STRAYS[cls]), "\n".join(found)
    assert all(f"({cls}: " in line for line in found), "\n".join(found)


XEN_CPUID = ["ud2", '.ascii "xen"', "cpuid"]


def test_xen_forced_cpuid_is_xens(audit, outdir):
    p = run(audit, with_stray(outdir, "xen_cpuid", assembled(outdir, "xen_cpuid", XEN_CPUID)))
    assert p.returncode == 0, p.stdout


@pytest.mark.parametrize("after", ["rdmsr", "rdtsc"])
def test_xen_prefix_covers_nothing_after_its_cpuid(audit, outdir, after):
    """The prefix with another instruction, or an instruction after its cpuid, escapes."""
    for name, lines in ((f"prefix_{after}", ["ud2", '.ascii "xen"', after]),
                        (f"cpuid_then_{after}", XEN_CPUID + [after])):
        p = run(audit, with_stray(outdir, name, assembled(outdir, name, lines)))
        assert p.returncode == 1 and any(f": {after} " in line for line in escapes(p.stdout)), \
            name + ":\n" + p.stdout


def test_allowed_only_in_its_function(audit, outdir):
    """The table's lsl and mov from %cs are allowed in kernel/segments.c's functions only."""
    lines = ["lsl %ax, %eax", "mov %cs, %eax"]
    p = run(audit, with_stray(outdir, "allowed_elsewhere",
                              assembled(outdir, "allowed_elsewhere", lines)))
    assert p.returncode == 1 and len(escapes(p.stdout)) == 2, p.stdout


def test_ops_table_generated_in_readme(audit):
    table = run(audit, "--ops-table", "build/pvkit.elf").stdout
    readme = open("README.md").read()
    begin, end = "<!-- ops-table begin -->\n", "<!-- ops-table end -->"
    copy = readme[readme.index(begin) + len(begin):readme.index(end)]
    assert table and table == copy, "README's table differs from 'make ops-table' " \
        "(run tools/update-readme-ops.sh)"
