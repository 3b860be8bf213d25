# SPDX-License-Identifier: MIT
"""Native SMP: every CPU started with INIT-SIPI-SIPI, each with its own %gs
area, GDT, TSS and local APIC; the SMP self-tests run on all of them."""
import pytest

from harness import checks

pytestmark = pytest.mark.native
SMP_TESTS = ["smp.ipi_reaches_every_cpu", "smp.percpu_counters_sum",
             "smp.irq_flag_is_per_cpu", "smp.tlb_shootdown_on_every_cpu",
             "native.ipi_each_cpu", "native.smp_cpu_map"]


def test_one_cpu(machine):
    run = machine.boot(smp=1)
    checks.success(run)
    checks.has(run, r"^pvkit: smp: 1 of 1 CPUs online$")
    checks.skipped(run, "smp.ipi_reaches_every_cpu", "one CPU online")


@pytest.mark.parametrize("cpus", [2, 4])
def test_cpus(machine, cpus):
    run = machine.boot(machine="pc" if cpus == 2 else "q35", smp=cpus)
    checks.success(run, cpus=cpus)
    checks.has(run, rf"^pvkit: smp: {cpus} of {cpus} CPUs online$")
    checks.passed(run, *SMP_TESTS)


def test_maxcpus(machine):
    run = machine.boot(smp=4, cmdline="maxcpus=2")
    checks.success(run, cpus=2)
    checks.has(run, r"^pvkit: smp: 4 CPUs present, maxcpus=2: CPUs 2 to 3 stay down$")
    checks.passed(run, *SMP_TESTS)


def test_maxcpus_zero(machine):
    """maxcpus=0 is no SMP, as Linux reads it: the boot CPU only, said so."""
    run = machine.boot(smp=2, cmdline="maxcpus=0")
    checks.has(run, r"^pvkit: smp: maxcpus=0: no SMP, only the boot CPU runs "
                    r"\(2 CPUs present\)$")
    checks.has(run, r"^pvkit: smp: 1 of 1 CPUs online$")
    checks.success(run, cpus=1)


def test_maxcpus_not_a_number(machine):
    """A bad value is named and ignored: the default (every CPU) is kept."""
    run = machine.boot(smp=2, cmdline="maxcpus=abc")
    checks.has(run, r"^pvkit: warning: bad value 'abc' for option 'maxcpus', ignored$")
    checks.has(run, r"^pvkit: smp: 2 of 2 CPUs online$")
    checks.success(run, cpus=2)


def test_cpu_that_never_comes_up(machine):
    """Reported, left down (with the CPUs after it), and the boot goes on."""
    run = machine.boot(smp=3, cmdline="fail=cpu-hang")
    checks.has(run, r"^pvkit: smp: cpu 1 did not come up within 3000 ms: "
                    r"it and the 1 after it stay down$")
    checks.success(run, cpus=1)


def test_more_cpus_than_supported(machine):
    run = machine.boot(smp=10)
    checks.has(run, r"^pvkit: smp: 10 CPUs present, this kernel supports 8 \(MAX_CPUS\): "
                    r"CPUs 8 to 9 stay down$")
    checks.has(run, r"^pvkit: smp: 8 of 8 CPUs online$")
    checks.success(run, cpus=8)
    checks.passed(run, *SMP_TESTS)
