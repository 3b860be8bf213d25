/* SPDX-License-Identifier: MIT */
/* Image layout constants shared by C, assembly and the linker script. */
#ifndef PVKIT_LAYOUT_H
#define PVKIT_LAYOUT_H

/*
 * The image is linked and loaded at 1 MiB.  Natively (PVH) that is its
 * physical address and the kernel maps memory 1:1; under Xen PV, with
 * VIRT_BASE 0, virtual address = pseudo-physical address as well, so the
 * same addresses (and the same patch map) hold in both boots.
 */
#define KERNEL_LOAD_ADDR	0x100000
#define BOOT_STACK_SIZE		16384

#endif
