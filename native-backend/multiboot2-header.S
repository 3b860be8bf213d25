/* SPDX-License-Identifier: MIT */
/*
 * The Multiboot2 header (GRUB's multiboot2 command): the same ELF is then
 * loaded by its program headers and entered at native_mb2_entry in 32-bit
 * protected mode, paging off, %eax = MB2_LOADER_MAGIC, %ebx = the boot
 * information.  The entry notes where it came from and goes the PVH
 * entry's way; native_mb2_start turns the information into the PVH start
 * info the native setup reads.  The header must lie in the file's first
 * 32 KiB (the linker script puts it right after the hypercall page).
 */
#include "multiboot2.h"

#define HEADER_LEN	(mb2_header_end - mb2_header)

	.section .multiboot2, "a"
	.balign 8
mb2_header:
	.long	MB2_HEADER_MAGIC
	.long	MB2_ARCH_I386
	.long	HEADER_LEN
	.long	-(MB2_HEADER_MAGIC + MB2_ARCH_I386 + HEADER_LEN)

	/* The memory map and the ACPI RSDP, where the loader has them. */
	.balign 8
1:	.word	MB2_HTAG_INFO_REQUEST, MB2_HTAG_OPTIONAL
	.long	2f - 1b
	.long	MB2_TAG_MMAP, MB2_TAG_ACPI_OLD, MB2_TAG_ACPI_NEW
2:
	/* The ELF's own entry is the Xen PV one (64-bit): ours is this. */
	.balign 8
1:	.word	MB2_HTAG_ENTRY, 0
	.long	2f - 1b
	.long	native_mb2_entry
2:
	.balign 8
	.word	MB2_HTAG_END, 0
	.long	8
mb2_header_end:

	.section .text.native.boot, "ax"
	.code32
	.globl native_mb2_entry
native_mb2_entry:
	mov	%eax, native_mb2_magic
	mov	$native_mb2_start, %esi
	jmp	native_entry32

	.data
	.balign 4
	.globl native_mb2_magic
native_mb2_magic:
	.long	0
