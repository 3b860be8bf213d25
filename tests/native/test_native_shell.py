# SPDX-License-Identifier: MIT
"""The console shell over the serial line, typed at as a terminal would."""
import pytest

from harness import checks

pytestmark = pytest.mark.native


def test_console_shell(machine):
    m = machine.start(cmdline="stay")
    m.expect(r"Test result: SUCCESS")
    m.sendline("percpu")
    m.expect(r"pvkit: percpu: cpu 0, %gs base 0x[0-9a-f]+, ")
    m.sendline("bogus")
    m.expect(r"unknown command 'bogus' \(try help\)")
    m.sendline("poweroff")
    run = m.wait()
    checks.has(run, r"^pvkit: stay: after the result")
    assert run.last_line == "pvkit> poweroff"
    assert run.stopped == "poweroff"
