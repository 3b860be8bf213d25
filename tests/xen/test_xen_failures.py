# SPDX-License-Identifier: MIT
"""Bad input and forced failures in a Xen domU: reported, and the domain
shuts down with reason crash (xl create -F itself exits 0 either way)."""
import pytest

from harness import checks

pytestmark = pytest.mark.xen


def test_bad_cmdline(xen):
    run = xen.boot(extra='fail=maybe =oops nosuch')
    for text in ("bad value 'maybe' for option 'fail'", "malformed option '=oops'",
                 "unknown option 'nosuch'"):
        checks.has(run, text)
    checks.success(run, backend="xen-pv")


def test_forced_selftest_failure(xen):
    run = xen.boot(extra="fail=selftest")
    assert run.result.status("core.forced_failure") == "FAIL"
    assert run.result.passed < run.result.total
    checks.failure(run, backend="xen-pv")


def test_forced_panic(xen):
    run = xen.boot(extra="fail=panic")
    checks.has(run, r"^pvkit: PANIC: forced by fail=panic")
    checks.has(run, r"^pvkit:   \[<0x[0-9a-f]+>\] pvkit_main\+0x[0-9a-f]+$")
    checks.failure(run, backend="xen-pv")


def test_hang_detected(xen):
    """A guest that never stops is destroyed after its timeout, with its
    vCPUs' registers dumped."""
    run = xen.guest(extra="fail=hang", timeout=8).wait_end()
    assert run.reason == "timeout"
    checks.has(run, r"^pvkit: hanging as asked")
