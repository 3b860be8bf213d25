# SPDX-License-Identifier: MIT
"""Native boots under QEMU (TCG, -cpu qemu64, PVH entry): the result
protocol, each patch mode, the DEBUG_PARAVIRT build, the patch map."""
import pytest

from harness import checks

pytestmark = pytest.mark.native


@pytest.mark.parametrize("machine_type", ["pc", "q35"])
def test_boot(machine, machine_type):
    run = machine.boot(machine=machine_type)
    checks.success(run)
    checks.skipped(run, "core.forced_failure", "no fail=selftest")
    # The clock's rate against the PIT, memory at the top of RAM mapped
    # and touched through the mmu ops.
    checks.passed(run, "native.clock_rate_matches_pit", "mmu.touch_high_memory",
                  "mmu.lazy_updates_batched", "native.smp_cpu_map")
    checks.has(run, r"^pvkit: mmu: touched \d+ frames from 0x[0-9a-f]+ up to 0x[0-9a-f]+$")
    if machine_type == "q35":
        checks.has(run, r"^pvkit: acpi: PM1a_CNT=0x[0-9a-f]+ S5=found")
        checks.passed(run, "cpu.gdt_entry_loaded", "cpu.ldt_entry_loaded",
                      "native.load_sp0_sets_tss_rsp0")


def patch_summary(run, mode):
    m = checks.has(run, rf"^pvkit: patch: mode={mode} sites=(\d+) inlined=(\d+) "
                        r"calls=(\d+) nops=(\d+) left=(\d+)$")
    return [int(x) for x in m.groups()]


def test_pvpatch_inline(machine):
    run = machine.boot(machine="pc", cmdline="pvpatch=inline")
    checks.success(run)
    sites, inlined, calls, nops, left = patch_summary(run, "inline")
    assert inlined > 0 and left == 0
    checks.passed(run, "native.irq_disable_sites", "irq.sites_keep_registers")


def test_pvpatch_call(machine):
    run = machine.boot(cmdline="pvpatch=call")
    checks.success(run)
    sites, inlined, calls, nops, left = patch_summary(run, "call")
    assert (inlined, calls, nops, left) == (0, sites, 0, 0)
    checks.passed(run, "native.irq_disable_sites")


def test_pvpatch_off(machine):
    run = machine.boot(cmdline="pvpatch=off")
    checks.success(run)
    sites, inlined, calls, nops, left = patch_summary(run, "off")
    assert (inlined, calls, nops, left) == (0, 0, 0, sites)
    checks.passed(run, "native.irq_disable_sites")


def test_pvpatch_bad_value(machine):
    run = machine.boot(cmdline="pvpatch=sometimes")
    checks.success(run)
    checks.has(run, r"bad value 'sometimes' for option 'pvpatch'")
    checks.has(run, r"^pvkit: patch: mode=inline ")


def test_patch_map_lists_every_site(machine):
    """build/pvkit.sites lists every site the kernel patched (its own and
    the benchmark copies), in the stated format."""
    run = machine.boot()
    sites = patch_summary(run, "inline")[0]
    copies = int(checks.has(run, r"^pvkit: patch: (\d+) benchmark copies ").group(1))
    lines = open("build/pvkit.sites").read().splitlines()
    import re
    bad = [ln for ln in lines if not re.fullmatch(r"[0-9a-f]{16} [a-z_0-9]+ \d+", ln)]
    assert not bad, f"malformed lines in build/pvkit.sites: {bad[:3]}"
    assert len(lines) == sites + copies
    assert all(ln.split()[2] == "9" for ln in lines if ln.split()[1] == "irq_disable")


@pytest.mark.parametrize("mode", ["off", "call"])
def test_debug_paravirt(machine, images, mode):
    """With every op poisoning what its sites may lose, callers must still
    be right where sites are calls."""
    run = machine.boot(kernel=images.debug, cmdline=f"pvpatch={mode}")
    checks.success(run)
    checks.has(run, r"^pvkit: DEBUG_PARAVIRT: every op poisons")
    checks.passed(run, "debug.clobbers_poisoned")
