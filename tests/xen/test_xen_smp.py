# SPDX-License-Identifier: MIT
"""Xen PV vCPUs: every vCPU up, vcpu_info in each one's %gs area, the SMP
self-tests run, bad configurations reported."""
import pytest

from harness import checks

pytestmark = pytest.mark.xen


def test_one_vcpu(xen):
    run = xen.boot(vcpus=1)
    checks.success(run, backend="xen-pv")
    checks.has(run, r"^pvkit: +skipped: one CPU online$")
    checks.skipped(run, "smp.ipi_reaches_every_cpu", "one CPU online")


@pytest.mark.parametrize("vcpus", [2, 4])
def test_vcpus(xen, vcpus):
    run = xen.boot(vcpus=vcpus)
    checks.success(run, backend="xen-pv", cpus=vcpus)
    checks.has(run, rf"^pvkit: smp: {vcpus} of {vcpus} CPUs online$")
    checks.passed(run, "smp.ipi_reaches_every_cpu", "smp.percpu_counters_sum",
                  "smp.irq_flag_is_per_cpu", "smp.tlb_shootdown_on_every_cpu",
                  "xen.smp_mask_byte_per_vcpu", "xen.smp_each_vcpu_has_its_gdt")
    checks.has(run, r"^pvkit: patch: irq_disable +sites=(\d+) +inlined=\1 ")


def test_vcpu_that_never_comes_up(xen):
    run = xen.boot(vcpus=2, extra="fail=cpu-hang")
    checks.has(run, r"^pvkit: smp: cpu 1 did not come up within 3000 ms: "
                    r"it and the 0 after it stay down$")
    checks.success(run, backend="xen-pv", cpus=1)


def test_more_vcpus_than_supported(xen):
    run = xen.boot(vcpus=10)
    checks.has(run, r"^pvkit: smp: 10 CPUs present, this kernel supports 8 \(MAX_CPUS\): "
                    r"CPUs 8 to 9 stay down$")
    checks.has(run, r"^pvkit: smp: 8 of 8 CPUs online$")
    checks.success(run, backend="xen-pv", cpus=8)
