# SPDX-License-Identifier: MIT
"""The sensitive-instruction rule (tools/audit) and README's ops table.

Sensitive instructions belong in .text.native* only: the shipped image
must be clean, a copy with a stray cli in another section must fail, and
the same bytes in a .text.native section must not.
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
    blob = os.path.join(outdir, "stray.bin")
    with open(blob, "wb") as f:
        f.write(b"\xfa\xc3")                      # cli; ret
    elf = os.path.join(outdir, f"with{section}.elf")
    subprocess.run(["objcopy", f"--add-section={section}={blob}",
                    f"--set-section-flags={section}=alloc,code,readonly",
                    "build/pvkit.elf", elf], check=True)
    return elf


def test_catches_stray_cli(audit, outdir):
    p = run(audit, with_stray_cli(outdir, ".text.stray"))
    assert p.returncode == 1, p.stdout
    assert "ESCAPE in .text.stray at " in p.stdout and ": cli" in p.stdout, p.stdout


def test_allows_cli_in_native_section(audit, outdir):
    p = run(audit, with_stray_cli(outdir, ".text.native.stray"))
    assert p.returncode == 0, p.stdout


def test_ops_table_generated_in_readme(audit):
    table = run(audit, "--ops-table", "build/pvkit.elf").stdout
    readme = open("README.md").read()
    begin, end = "<!-- ops-table begin -->\n", "<!-- ops-table end -->"
    copy = readme[readme.index(begin) + len(begin):readme.index(end)]
    assert table and table == copy, "README's table differs from 'make ops-table' " \
        "(run tools/update-readme-ops.sh)"
