# SPDX-License-Identifier: MIT
"""pvkit as a Xen PV domU (xl create -F on the Xen host): the result
protocol, each patch mode, the DEBUG_PARAVIRT build, memory sizes."""
import pytest

from harness import checks

pytestmark = pytest.mark.xen


def test_boot(xen):
    run = xen.boot()
    checks.success(run, backend="xen-pv")
    checks.passed(run, "xen.console_event_upcall", "cpu.gdt_entry_loaded",
                  "cpu.ldt_entry_loaded", "time.clock_tracks_tsc",
                  "mmu.lazy_updates_batched", "mmu.touch_high_memory")
    checks.skipped(run, "core.forced_failure", "no fail=selftest")
    # Xen PV has no TSS of the guest's: the TR part says it was left out.
    assert "TR part skipped" in run.result.tests["cpu.gdt_entry_loaded"].reason
    checks.has(run, r"^pvkit: patch: io_delay +sites=(\d+) +inlined=0 +calls=0 +nops=\1 ")
    checks.has(run, r"^pvkit: smp: 1 of 1 CPUs online$")


def test_pvpatch_inline(xen):
    """The heart of it: vcpu_info at %gs:0x40, irq_disable sites are
    movb $1,%gs:0x41."""
    run = xen.boot(extra="pvpatch=inline")
    checks.success(run, backend="xen-pv")
    checks.has(run, r"^pvkit: xen: vcpu 0 vcpu_info at %gs:0x40 ")
    checks.has(run, r"^pvkit: patch: irq_disable +sites=(\d+) +inlined=\1 +calls=0 "
                    r"+nops=0 +left=0$")
    checks.passed(run, "xen.irq_disable_sites", "xen.event_pending_at_enable",
                  "irq.sites_keep_registers", "xen.irq_enable_pending_keeps_registers")


def test_pvpatch_call(xen):
    run = xen.boot(extra="pvpatch=call")
    checks.success(run, backend="xen-pv")
    checks.has(run, r"^pvkit: patch: mode=call sites=(\d+) inlined=0 calls=\1 nops=0 left=0$")
    checks.passed(run, "xen.irq_disable_sites")


def test_pvpatch_off(xen):
    run = xen.boot(extra="pvpatch=off")
    checks.success(run, backend="xen-pv")
    checks.has(run, r"^pvkit: patch: mode=off sites=(\d+) inlined=0 calls=0 nops=0 left=\1$")
    checks.passed(run, "xen.irq_disable_sites")


@pytest.mark.parametrize("mode", ["off", "call"])
def test_debug_paravirt(xen, images, mode):
    run = xen.boot(kernel=images.debug, extra=f"pvpatch={mode}")
    checks.success(run, backend="xen-pv")
    checks.has(run, r"^pvkit: DEBUG_PARAVIRT: every op poisons")
    checks.passed(run, "debug.clobbers_poisoned")


@pytest.mark.parametrize("mib", [32, 512])
def test_memory_touched_to_the_top(xen, mib):
    """The kernel maps and touches the last frames of its memory, far past
    the builder's bootstrap area (its mappings grow for that)."""
    run = xen.boot(memory=mib)
    checks.success(run, backend="xen-pv")
    checks.has(run, rf"memory={mib} MiB")
    checks.passed(run, "mmu.touch_high_memory")
    top = int(checks.has(run, r"^pvkit: mmu: touched \d+ frames from 0x[0-9a-f]+ "
                              r"up to (0x[0-9a-f]+)$").group(1), 16)
    assert (mib - 4) << 20 <= top < mib << 20, f"touched up to {top:#x} of {mib} MiB"


@pytest.mark.parametrize("cfg,cpus,stays", [("pvkit.cfg", 1, False),
                                             ("pvkit-2vcpu.cfg", 2, False),
                                             ("pvkit-stay.cfg", 1, True)])
def test_domU_config_as_shipped(xen, cfg, cpus, stays):
    """What users start by hand, booted as it is (the one that stays up is
    then shut down with xl shutdown)."""
    g = xen.guest(cfg=f"domU-configs/{cfg}")
    if stays:
        g.wait_for("Test result: SUCCESS")
        g.xl(f"shutdown {g.name}")
    run = g.wait_end()
    checks.success(run, backend="xen-pv", cpus=cpus)


def test_same_core_tests_as_native(xen, machine):
    """The one image runs the same core self-tests in both boots (the
    backends' own native.* and xen.* aside), and each PASSes on Xen
    wherever it PASSes natively."""
    native = machine.boot(machine="pc")
    run = xen.boot()
    core = [n for n in native.result.names("PASS") if not n.startswith(("native.", "xen."))]
    assert core, "no core self-test passed natively"
    not_passed = {n: run.result.status(n) for n in core if run.result.status(n) != "PASS"}
    assert not not_passed, f"PASS natively, not on Xen: {not_passed}"
