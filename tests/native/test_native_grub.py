# SPDX-License-Identifier: MIT
"""The image from a real boot loader: make iso's GRUB rescue disc booted
under QEMU with SeaBIOS (GRUB for BIOS) and with OVMF (GRUB for UEFI), the
kernel entered through its multiboot2 header and reading the memory map
and the ACPI RSDP from what GRUB hands over."""
import subprocess

import pytest

from harness import checks

pytestmark = pytest.mark.native
OVMF = "/usr/share/ovmf/OVMF.fd"


def test_image_is_multiboot2():
    """GRUB's own check: a valid multiboot2 header in the first 32 KiB."""
    p = subprocess.run(["grub-file", "--is-x86-multiboot2", "build/pvkit.elf"])
    assert p.returncode == 0, "grub-file: build/pvkit.elf is not a multiboot2 image"


# SeaBIOS hands GRUB the ACPI 1.0 RSDP only; OVMF both, and GRUB passes the 2.0 one.
@pytest.mark.parametrize("firmware,acpi", [("seabios", "old"), ("ovmf", "new")])
def test_grub_iso_boots(machine, images, firmware, acpi):
    run = machine.boot(cdrom=images.iso, bios=OVMF if firmware == "ovmf" else None,
                       smp=2, timeout=120)
    checks.success(run, cpus=2)
    checks.has(run, r"^pvkit: probe: entry=multiboot2 ")
    checks.has(run, r"^pvkit \S+: booting, backend=native loader=multiboot2 memory=2[45]\d MiB$")
    checks.has(run, rf"^pvkit: multiboot2: loader 'GRUB [^']+', memory map [1-9]\d* entries, "
                    rf"ACPI {acpi} \(RSDP [12]\.0\)$")
    # The tables found from GRUB's copy of the RSDP: the FADT's power-off.
    checks.has(run, r"^pvkit: acpi: PM1a_CNT=0x[0-9a-f]+ S5=found")
    checks.passed(run, "mmu.touch_high_memory", "smp.ipi_reaches_every_cpu")
