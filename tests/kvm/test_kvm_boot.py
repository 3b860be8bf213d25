# SPDX-License-Identifier: MIT
"""The image under real KVM: kvm-amd in the KVM host (QEMU TCG with SVM and
nested paging), the image in an inner `qemu-system-x86_64 -accel kvm -cpu
host`.  Boots with one and with four vCPUs, every self-test passing."""
import pytest

from harness import checks

pytestmark = pytest.mark.kvm


@pytest.mark.parametrize("cpus", [1, 4])
def test_boots_under_kvm(kvm, cpus):
    run = kvm.boot(smp=cpus)
    checks.success(run, backend="native", cpus=cpus)
    checks.has(run, r"^pvkit: probe: .*hypervisor=KVMKVMKVM")
    checks.has(run, rf"^pvkit: smp: {cpus} of {cpus} CPUs online$")
