# SPDX-License-Identifier: MIT
"""The xl family on a guest that stays up (`stay`): xl shutdown, xl reboot,
xl console, xl dump-core, xl save / xl restore, as a user runs them."""
import os
import subprocess

import pytest

from harness import checks

pytestmark = pytest.mark.xen
READY = "Test result: SUCCESS"


def stay_guest(xen, **keys):
    g = xen.guest(extra="stay", on_reboot="destroy", **keys)
    g.wait_for(READY)
    return g


def test_xl_shutdown(xen):
    g = stay_guest(xen)
    g.xl(f"shutdown {g.name}")
    run = g.wait_end()
    checks.success(run, backend="xen-pv")
    checks.has(run, r"^pvkit: stay: after the result")
    # The guest says which request it answered: the poweroff was ours.
    checks.has(run, r"^pvkit: host request: poweroff")


def test_xl_reboot(xen):
    g = stay_guest(xen)
    g.xl(f"reboot {g.name}")
    run = g.wait_end()
    assert run.reason == "reboot"
    checks.has(run, r"^pvkit: host request: reboot")


def test_xl_reboot_restarts(xen):
    """With on_reboot="restart", xl reboot brings the guest back: a new
    domain, and two boots in one console log."""
    g = xen.guest(extra="stay", on_reboot="restart")
    end = g.wait_for(READY)
    g.xl(f"reboot {g.name}")
    g.wait_for(READY, since=end)
    g.xl(f"shutdown {g.name}")
    run = g.wait_end()
    assert "Action for shutdown reason code 1 is restart" in run.xl_log
    assert [b.verdict for b in run.boots if b.verdict] == ["SUCCESS", "SUCCESS"]
    checks.success(run, backend="xen-pv")


def test_xl_console_shell(xen):
    """Commands typed at `xl console` are answered by the kernel's shell."""
    g = stay_guest(xen)
    host = xen.host
    host.interact(f"xl console {g.name}")
    host.type("\r")
    host.expect(r"pvkit> ")
    host.type("percpu\r")
    host.expect(r"pvkit: percpu: cpu 0, %gs base 0x[0-9a-f]+, ")
    host.type("bogus\r")
    host.expect(r"unknown command 'bogus' \(try help\)")
    host.type("poweroff\r")
    run = g.wait_end()
    host.check("true", timeout=30)       # xl console has let go of the terminal
    assert run.reason == "poweroff"
    assert run.last_line == "pvkit> poweroff"


def dump_core_and_check(xen, outdir, vcpus):
    g = stay_guest(xen, vcpus=vcpus)
    core = os.path.join(outdir, "core")
    g.xl(f"dump-core {g.name} /tmp/core", timeout=120)
    xen.host.check(f"cp /tmp/core {xen.host.dom0_path(core)}; rm /tmp/core", timeout=120)
    g.xl(f"shutdown {g.name}")
    run = g.wait_end()
    checks.success(run, backend="xen-pv", cpus=vcpus)
    p = subprocess.run(["/usr/bin/python3", "tests/xen/check_core.py", core,
                        "build/pvkit.elf", "build/pvkit.sites"],
                       capture_output=True, text=True, timeout=120)
    os.remove(core)
    assert p.returncode == 0, p.stdout + p.stderr


def test_xl_dump_core_shows_patched_sites(xen, outdir):
    """xl dump-core of a running guest: every patched irq_disable, save_fl
    and restore_fl site read back from its memory (tests/xen/check_core.py)."""
    dump_core_and_check(xen, outdir, 1)


def test_xl_dump_core_two_vcpus(xen, outdir):
    """The same with two vCPUs up (both ran the patched text)."""
    dump_core_and_check(xen, outdir, 2)


@pytest.mark.parametrize("vcpus", [1, 2])
def test_xl_save_restore(xen, vcpus):
    """xl save, then xl restore: the restored guest checks its sites, passes
    its self-tests again (on every vCPU) and answers xl shutdown."""
    g = stay_guest(xen, vcpus=vcpus)
    run, boots = g.save_restore_and_shutdown(READY)
    assert "Restore successful" in run.xl_log or "restore" in run.xl_log.lower()
    checks.success(run, backend="xen-pv", cpus=vcpus)
    checks.has(run, r"^pvkit: suspend: the host asks us to suspend$")
    checks.has(run, r"^pvkit: xen: resumed in a new domain: ")
    checks.has(run, r"^pvkit: resume: ([1-9][0-9]*) patched sites checked, 0 differ$")
    after = boots[1]
    assert after.status("xen.xenstore_transaction_commit") == "PASS"
    # The inline irq sites, read back and run again in the new domain.
    for test in ("xen.irq_disable_sites", "xen.save_fl_sites", "xen.restore_fl_sites",
                 "irq.sites_keep_registers", "xen.restore_fl_pending_keeps_registers",
                 "xen.nested_irqsave_delivers_at_outer_restore"):
        assert after.status(test) == "PASS", test
    if vcpus == 2:
        assert after.status("xen.smp_mask_byte_per_vcpu") == "PASS"
