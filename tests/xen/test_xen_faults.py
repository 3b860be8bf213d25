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


XENSTORE_TESTS = {"xen.xenstore_read_write", "xen.xenstore_error_replies",
                  "xen.control_features_advertised", "xen.xenstore_transaction_commit",
                  "xen.xenstore_transaction_abort", "xen.xenstore_transaction_conflict"}


def test_store_never_answers(xen):
    """A store ring nobody reads: the first call times out after its 2 s
    deadline and says so once, the later ones fail at once; the boot goes
    on (the control node is reported as not set up), only the xenstore
    self-tests fail, and the domain stops by crash."""
    run = xen.boot(extra="fail=xen-store-silent")
    checks.has(run, r"^pvkit: xen: xenstore: the ring nobody answers, injected by "
                    r"fail=xen-store-silent$")
    waits = [ln for ln in run.result.lines if "xenstored does not answer" in ln]
    assert len(waits) == 1 and re.search(r"within 2000 ms", waits[0]), waits
    checks.has(run, r"^pvkit: xen: control node setup failed \(-110\): "
                    r"xl shutdown will not be answered$")
    failed = set(run.result.names("FAIL"))
    assert failed == XENSTORE_TESTS, f"failed: {sorted(failed)}; see {run.path}"
    for name in ("xen.xenstore_read_write", "xen.xenstore_transaction_commit"):
        assert "-110" in run.result.tests[name].reason, run.result.tests[name].reason
    ms = int(checks.has(run, r"^pvkit: milestone: selftests +ns=(\d+)$").group(1)) // 10**6
    print(f"fault xen-store-silent: self-tests done at {ms} ms")
    assert ms < 15000, f"the self-tests took {ms} ms: the calls did not fail at once"
    checks.failure(run, backend="xen-pv")


def test_evtchn_unmask_fails(xen):
    """Every EVTCHNOP_unmask fails: each call site (console, xenstore,
    VIRQ_TIMER and IPI of both vCPUs, the self-tests' own channels) reports
    it, the port is unmasked in shared_info instead, events keep flowing;
    the four self-tests that check the result fail, the rest pass."""
    run = xen.boot(vcpus=2, extra="fail=xen-evtchn")
    users = re.findall(r"^pvkit: xen: EVTCHNOP_unmask\(port \d+, ([^)]+)\) failed \(-1\), "
                       r"injected by fail=xen-evtchn: unmasked in shared_info instead$",
                       run.log, re.M)
    for user, n in (("console", 1), ("xenstore", 1), ("VIRQ_TIMER", 2), ("IPI", 2),
                    ("self-test IPI", 2), ("irq-site self-test IPI", 2)):
        assert users.count(user) == n, f"{user}: {users.count(user)} reports, want {n}: {users}"
    failed = set(run.result.names("FAIL"))
    assert failed == {"xen.event_pending_at_enable", "xen.irq_enable_pending_keeps_registers",
                      "xen.nested_irqsave_delivers_at_outer_restore",
                      "xen.restore_fl_pending_keeps_registers"}, \
        f"failed: {sorted(failed)}; see {run.path}"
    checks.passed(run, "xen.console_event_upcall", "time.timer_fires_in_time",
                  "smp.ipi_reaches_every_cpu")
    checks.has(run, r"^pvkit: smp: 2 of 2 CPUs online$")
    checks.failure(run, backend="xen-pv")
