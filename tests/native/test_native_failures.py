# SPDX-License-Identifier: MIT
"""Bad input and forced failures on a native boot: each is reported and
the machine stops the failure's way (a reset), or the timeout catches it."""
import pytest

from harness import checks

pytestmark = pytest.mark.native


def test_bad_cmdline(machine):
    run = machine.boot(cmdline='fail=maybe =oops nosuch fail="unterminated')
    for text in ("bad value 'maybe' for option 'fail'", "malformed option '=oops'",
                 "unknown option 'nosuch'", "unterminated quote"):
        checks.has(run, text)
    checks.success(run)


def test_forced_selftest_failure(machine):
    run = machine.boot(cmdline="fail=selftest")
    assert run.result.status("core.forced_failure") == "FAIL"
    assert run.result.passed < run.result.total
    checks.failure(run)


def test_forced_panic(machine):
    run = machine.boot(machine="pc", cmdline="fail=panic")
    checks.has(run, r"^pvkit: PANIC: forced by fail=panic")
    checks.has(run, r"^pvkit:   \[<0x[0-9a-f]+>\] pvkit_main\+0x[0-9a-f]+$")
    checks.lacks(run, r"^pvkit: backend=")
    checks.failure(run)


def test_hang_detected(machine):
    """A kernel that never stops is reported as a hang, not waited for."""
    run = machine.boot(cmdline="fail=hang", timeout=8)
    assert run.stopped == "timeout"
    checks.has(run, r"^pvkit: hanging as asked")
    assert run.seconds < 20
