# SPDX-License-Identifier: MIT
"""The same image as a Xen PVH domU (type = "pvh", domU-configs/pvkit-pvh.cfg):
the xen-pvh backend picked by the probe, the core self-tests the PV domU
passes, 1 and 4 vCPUs, the crash reason on failure, the xl family; and a
PVH boot without Xen still native."""
import pytest

from harness import checks

PVH = "domU-configs/pvkit-pvh.cfg"
READY = "Test result: SUCCESS"
# The backends' own tests aside (and the PV page-table checks Xen makes of
# a PV guest: an HVM container's page tables are its own).
OWN = ("native.", "xen.", "mmu.xen_refuses_bad_update")


def pvh(xen, **keys):
    return xen.guest(template=PVH, **keys)


def core_passed(run):
    return [n for n in run.result.names("PASS") if not n.startswith(OWN)]


@pytest.mark.xen
def test_pvh_boot(xen):
    """1 vCPU: the probe's choice, events on the upcall vector, irq sites
    inlined as cli/sti, and every core self-test the PV domU passes."""
    pv = xen.boot(name=xen.guest_name("-pv"))
    run = pvh(xen).wait_end()
    checks.success(run, backend="xen-pvh")
    checks.has(run, r"^pvkit: xen-pvh: hypercall page at 0x[0-9a-f]+, console evtchn \d+, "
                    r"store evtchn \d+, events (per-vCPU upcall|callback) vector 0xf3")
    checks.has(run, r"^pvkit: xen-pvh: vcpu 0 vcpu_info at %gs:0x40$")
    checks.has(run, r"^pvkit: patch: irq_disable +sites=(\d+) +inlined=\1 +calls=0 ")
    checks.has(run, r"^pvkit: patch: irq_enable +sites=(\d+) +inlined=\1 +calls=0 ")
    checks.passed(run, "time.timer_fires_in_time", "time.clock_tracks_tsc",
                  "percpu.gs_points_at_area", "irq.sites_keep_registers",
                  "xen-pvh.console_event_on_upcall_vector", "xen-pvh.irq_disable_sites_are_cli",
                  "xen-pvh.vcpu_info_in_percpu_area", "cpu.cpuid_sees_xen")
    want = core_passed(pv)
    assert want, "no core self-test passed on Xen PV"
    not_passed = {n: run.result.status(n) for n in want if run.result.status(n) != "PASS"}
    assert not not_passed, f"PASS on Xen PV, not on Xen PVH: {not_passed}"


@pytest.mark.xen
def test_pvh_four_vcpus(xen):
    """4 vCPUs, started by INIT-SIPI through the emulated local APIC, each
    with its vcpu_info in its %gs area and its own timer."""
    pv = xen.boot(name=xen.guest_name("-pv"), vcpus=4)
    run = pvh(xen, vcpus=4).wait_end()
    checks.success(run, backend="xen-pvh", cpus=4)
    checks.has(run, r"^pvkit: smp: 4 of 4 CPUs online$")
    for cpu in range(4):
        checks.has(run, rf"^pvkit: xen-pvh: vcpu {cpu} vcpu_info at %gs:0x40$")
    checks.passed(run, "smp.ipi_reaches_every_cpu", "smp.percpu_counters_sum",
                  "smp.irq_flag_is_per_cpu", "xen-pvh.vcpu_info_in_percpu_area")
    # A shootdown test that saw no stale entry says SKIP (nothing to see), not FAIL.
    want = [n for n in core_passed(pv) if n != "smp.tlb_shootdown_on_every_cpu"]
    not_passed = {n: run.result.status(n) for n in want if run.result.status(n) != "PASS"}
    assert not not_passed, f"PASS on Xen PV, not on Xen PVH: {not_passed}"


@pytest.mark.xen
def test_pvh_forced_failure_crashes(xen):
    run = pvh(xen, extra="fail=selftest").wait_end()
    checks.failure(run, backend="xen-pvh")
    assert run.result.status("core.forced_failure") == "FAIL"
    assert "reason code 3" in run.xl_log


def stay(xen, **keys):
    g = pvh(xen, extra="stay", on_reboot="destroy", **keys)
    g.wait_for(READY)
    return g


@pytest.mark.xen
def test_pvh_xl_shutdown(xen):
    g = stay(xen)
    g.xl(f"shutdown {g.name}")
    run = g.wait_end()
    checks.success(run, backend="xen-pvh")
    checks.has(run, r"^pvkit: host request: poweroff")


@pytest.mark.xen
def test_pvh_xl_reboot(xen):
    g = stay(xen)
    g.xl(f"reboot {g.name}")
    run = g.wait_end()
    assert run.reason == "reboot"
    checks.has(run, r"^pvkit: host request: reboot")


@pytest.mark.xen
def test_pvh_xl_console_shell(xen):
    """Typed at `xl console`: the console ring's input side, kicked by an
    event on the upcall vector."""
    g = stay(xen)
    host = xen.host
    host.interact(f"xl console {g.name}")
    host.type("\r")
    host.expect(r"pvkit> ")
    host.type("percpu\r")
    host.expect(r"pvkit: percpu: cpu 0, %gs base 0x[0-9a-f]+, ")
    host.type("poweroff\r")
    run = g.wait_end()
    host.check("true", timeout=30)
    assert run.reason == "poweroff"
    assert run.last_line == "pvkit> poweroff"


@pytest.mark.xen
@pytest.mark.parametrize("vcpus", [1, 2])
def test_pvh_xl_save_restore(xen, vcpus):
    """xl save, then xl restore: the restored guest has its events, clock
    and timer back on every vCPU, passes its self-tests again and answers
    xl shutdown."""
    g = stay(xen, vcpus=vcpus)
    run, boots = g.save_restore_and_shutdown(READY)
    checks.success(run, backend="xen-pvh", cpus=vcpus)
    checks.has(run, r"^pvkit: suspend: the host asks us to suspend$")
    checks.has(run, r"^pvkit: xen-pvh: resumed in a new domain: ")
    checks.has(run, r"^pvkit: resume: ([1-9][0-9]*) patched sites checked, 0 differ$")
    after = boots[1]
    assert after.status("time.timer_fires_in_time") == "PASS"
    if vcpus == 2:
        assert after.status("smp.ipi_reaches_every_cpu") == "PASS"


@pytest.mark.native
def test_pvh_without_xen_is_native(machine):
    """The same PVH entry with no Xen underneath: the probe keeps native."""
    run = machine.boot(machine="q35")
    checks.success(run)
    checks.lacks(run, r"xen-pvh")
    checks.has(run, r"^pvkit: probe: entry=pvh hypervisor=\S+ -> backend native: ")
