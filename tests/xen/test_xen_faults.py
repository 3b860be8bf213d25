# SPDX-License-Identifier: MIT
"""Faults injected below the kernel (test-only fail=xen-* values): Xen
refusing VCPUOP_register_vcpu_info, a xenstore that never answers, event
channels that cannot be unmasked, a hypercall failing before the console
is set up.  Each is reported in the log, and the boot goes on or stops
the failure's way."""
import re

import pytest

from harness import checks

pytestmark = pytest.mark.xen


@pytest.mark.parametrize("vcpus", [1, 2])
def test_vcpu_info_refused(xen, vcpus):
    """The shared_info fallback: every vCPU's irq ops on its slot in
    shared_info, the irq sites left as calls, every self-test passing."""
    run = xen.boot(vcpus=vcpus, extra="fail=xen-vcpu-info")
    checks.has(run, r"^pvkit: xen: VCPUOP_register_vcpu_info\(vcpu 0\) refused, "
                    r"injected by fail=xen-vcpu-info$")
    checks.has(run, r"^pvkit: xen: VCPUOP_register_vcpu_info\(vcpu 0\) failed \(-1\): "
                    r"fallback: each vCPU's irq ops use its vcpu_info in shared_info, "
                    r"irq sites stay calls \(not inlined\)$")
    checks.has(run, r"^pvkit: patch: irq_disable +sites=(\d+) +inlined=0 ")
    checks.success(run, backend="xen-pv", cpus=vcpus)
    checks.passed(run, "xen.irq_ops_set_upcall_mask", "xen.irq_disable_sites",
                  "xen.event_pending_at_enable", "xen.irq_enable_pending_keeps_registers")
    if vcpus > 1:
        checks.has(run, rf"^pvkit: smp: {vcpus} of {vcpus} CPUs online$")
        checks.passed(run, "smp.ipi_reaches_every_cpu", "smp.irq_flag_is_per_cpu")
        checks.skipped(run, "xen.smp_mask_byte_per_vcpu", "VCPUOP_register_vcpu_info refused")


def test_early_hypercall_failure(xen):
    """Mapping shared_info fails before the console is set up: the reason
    still reaches the console log, and xl sees a crash."""
    run = xen.boot(extra="fail=xen-early", timeout=30)
    checks.has(run, r"^pvkit: xen: cannot map shared_info: update_va_mapping failed, "
                    r"injected by fail=xen-early \(-1\): stopping before setup is done$")
    assert run.reason == "crash", f"stopped by {run.reason}; see {run.path}"
    assert run.result.verdict is None, "a boot that stopped early printed a result"
