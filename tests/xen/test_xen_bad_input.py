# SPDX-License-Identifier: MIT
"""Bad xl configs and command lines for a Xen PV domU: each refused with a
clear message and a crash shutdown, or carried through intact."""
from harness import checks
import pytest

pytestmark = pytest.mark.xen


def test_memory_above_p2m_publication(xen):
    """Past 1 GiB xl save and dump-core would silently lose data: refused."""
    run = xen.boot(memory=1100, timeout=90)
    checks.has(run, r"^pvkit: PANIC: xen: memory = 1100 MiB is more than the 1024 MiB this "
                    r"kernel's p2m publication covers \(xl save and dump-core would lose the "
                    r"rest\): set memory = 1024 or less$")
    checks.lacks(run, r"^pvkit: backend=")
    assert run.reason == "crash", f"shutdown reason {run.reason}; see {run.path}"


def test_memory_small(xen):
    """The kernel needs under 2 MiB of its own (measured: 4 MiB domains boot
    and pass; at 2 MiB xl's domain builder itself fails): 16 is plenty."""
    run = xen.boot(memory=16, timeout=90)
    checks.has(run, r"memory=16 MiB")
    checks.success(run, backend="xen-pv")


def test_cmdline_shell_characters(xen):
    """'|', '&' and a quote in extra= (as PVKIT_CMDLINE gives make run-xen)
    reach the guest intact."""
    run = xen.boot(extra='a|b c&d "e f"&', timeout=90)
    checks.has(run, r'^pvkit: command line: "a\|b c&d "e f"&"$')
    for word in ("a|b", "c&d", "e f&"):
        checks.has(run, f"unknown option '{word}'")
    checks.success(run, backend="xen-pv")
