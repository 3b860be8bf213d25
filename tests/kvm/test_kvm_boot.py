# SPDX-License-Identifier: MIT
"""The image under real KVM: kvm-amd in the KVM host (QEMU TCG with SVM and
nested paging), the image in an inner `qemu-system-x86_64 -accel kvm -cpu
host`.  The probe finds "KVMKVMKVM" and picks the kvm backend (the native
ops plus KVM's paravirtual features); with the KVM leaves hidden
(kvm=off) it picks the native backend."""
import pytest

from harness import checks

pytestmark = pytest.mark.kvm
KVM_TESTS = ["kvm.kvmclock_in_percpu_area", "kvm.kvmclock_monotonic_on_each_cpu",
             "kvm.kvmclock_agrees_with_tsc_clock", "kvm.steal_time_on_each_cpu",
             "kvm.hypercall_insn_for_vendor", "kvm.pv_eoi_skips_apic_write"]
FEATURES = (r"^pvkit: kvm: features 0x[0-9a-f]+: kvmclock yes, steal time yes, "
            r"pv-eoi yes, pv-ipi yes, pv-tlb-flush yes, pv-unhalt yes$")


@pytest.mark.parametrize("cpus", [1, 4])
def test_boots_as_kvm(kvm, cpus):
    run = kvm.boot(smp=cpus)
    checks.success(run, backend="kvm", cpus=cpus)
    checks.has(run, FEATURES)
    checks.has(run, rf"^pvkit: smp: {cpus} of {cpus} CPUs online$")
    checks.passed(run, *KVM_TESTS)
    if cpus > 1:
        checks.passed(run, "kvm.pv_ipi_reaches_every_cpu", "smp.tlb_shootdown_on_every_cpu",
                      "smp.ipi_reaches_every_cpu")
    else:
        checks.skipped(run, "kvm.pv_ipi_reaches_every_cpu", "one CPU online")
    checks.has(run, r"^pvkit:     hypercall instruction: vmmcall \(AMD\)$")
    checks.has(run, r"^pvkit:     over \d+ us of kvmclock the TSC clock ran \d+ us")
    for cpu in range(cpus):
        checks.has(run, rf"^pvkit:     cpu {cpu}: steal time \d+ us \(record version \d+\)$")


@pytest.mark.parametrize("mode", ["call", "off"])
def test_pvpatch_modes(kvm, mode):
    """The hypercall site is the vendor's in every pvpatch mode: the wrong
    instruction is no fallback (KVM's rewrite of it faults on read-only text)."""
    run = kvm.boot(smp=2, cmdline=f"pvpatch={mode}")
    checks.success(run, backend="kvm", cpus=2)
    checks.passed(run, "kvm.hypercall_insn_for_vendor", "kvm.pv_ipi_reaches_every_cpu")


def test_kvm_off_is_native(kvm):
    """-cpu host,kvm=off hides the KVM leaves: the native backend, all passing,
    with the local APIC timer in TSC-deadline mode (a path TCG never takes)."""
    run = kvm.boot(smp=2, cpu="host,kvm=off")
    checks.success(run, backend="native", cpus=2)
    checks.has(run, r"^pvkit: apic: base 0xfee00000, timer in TSC-deadline mode$")
    checks.passed(run, "time.timer_fires_in_time", "smp.ipi_reaches_every_cpu")
    checks.lacks(run, r"^pvkit: kvm:")
