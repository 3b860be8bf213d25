/* SPDX-License-Identifier: MIT */
/*
 * Native entry through the PVH boot protocol (Xen's HVM direct boot, also
 * what QEMU -kernel does with an ELF carrying XEN_ELFNOTE_PHYS32_ENTRY):
 * entered in 32-bit protected mode, paging off, %ebx = hvm_start_info.
 * We load our own GDT, identity-map the first 4 GiB with 2 MiB pages,
 * enter long mode and call native_pvh_start(start_info).  The multiboot2
 * entry (multiboot2-header.S) joins at native_entry32 with %esi naming the
 * C function to call with %ebx.
 */
#include <xen/elfnote.h>
#include <pvkit/elfnote.h>
#include <pvkit/layout.h>

#define GDT_CS64	0x08
#define GDT_DS		0x10
#define GDT_CS32	0x18

#define CR0_PE		0x00000001
#define CR0_WP		0x00010000
#define CR0_PG		0x80000000
#define CR4_PAE		0x00000020
#define MSR_EFER	0xc0000080
#define EFER_LME	0x00000100
#define PTE_PRESENT_RW	0x003
#define PDE_LARGE	0x080

ELFNOTE Xen, XEN_ELFNOTE_PHYS32_ENTRY, .long native_pvh_entry

	.section .text.native.boot, "ax"
	.code32
	.globl native_pvh_entry
native_pvh_entry:
	mov	$native_pvh_start, %esi
	.globl native_entry32
native_entry32:
	cli
	cld
	/* The boot clock starts here (in .data: the .bss clear below spares it). */
	rdtsc
	mov	%eax, native_entry_tsc
	mov	%edx, native_entry_tsc + 4
	lgdt	native_gdt_desc
	ljmp	$GDT_CS32, $1f
1:	mov	$GDT_DS, %eax
	mov	%eax, %ds
	mov	%eax, %es
	mov	%eax, %ss
	mov	%eax, %fs
	mov	%eax, %gs

	/* Zero .bss: QEMU's loader does, a boot loader on hardware may not. */
	mov	$__bss_start, %edi
	mov	$__bss_end, %ecx
	sub	%edi, %ecx
	xor	%eax, %eax
	rep stosb
	mov	$(boot_stack + BOOT_STACK_SIZE), %esp

	/* PML4[0] -> PDPT, PDPT[0..3] -> four page directories of 2 MiB pages. */
	movl	$(pvh_pdpt + PTE_PRESENT_RW), pvh_pml4
	mov	$pvh_pdpt, %edi
	mov	$(pvh_pd + PTE_PRESENT_RW), %eax
	mov	$4, %ecx
2:	mov	%eax, (%edi)
	add	$8, %edi
	add	$4096, %eax
	loop	2b
	mov	$pvh_pd, %edi
	mov	$(PTE_PRESENT_RW | PDE_LARGE), %eax
	mov	$2048, %ecx
3:	mov	%eax, (%edi)
	add	$8, %edi
	add	$0x200000, %eax
	loop	3b
	/* The first 2 MiB in 4 KiB pages, so kernel text can be made read-only. */
	movl	$(native_pt + PTE_PRESENT_RW), pvh_pd
	mov	$native_pt, %edi
	mov	$PTE_PRESENT_RW, %eax
	mov	$512, %ecx
4:	mov	%eax, (%edi)
	add	$8, %edi
	add	$4096, %eax
	loop	4b

	mov	$pvh_pml4, %eax
	mov	%eax, %cr3
	mov	%cr4, %eax
	or	$CR4_PAE, %eax
	mov	%eax, %cr4
	mov	$MSR_EFER, %ecx
	rdmsr
	or	$EFER_LME, %eax
	wrmsr
	mov	%cr0, %eax
	or	$(CR0_PG | CR0_WP | CR0_PE), %eax
	mov	%eax, %cr0
	ljmp	$GDT_CS64, $pvh_long_mode

	.code64
pvh_long_mode:
	mov	$GDT_DS, %eax
	mov	%eax, %ds
	mov	%eax, %es
	mov	%eax, %ss
	xor	%eax, %eax
	mov	%eax, %fs
	mov	%eax, %gs
	mov	$(boot_stack + BOOT_STACK_SIZE), %rsp
	mov	%ebx, %edi		/* the boot data, zero-extended */
	mov	%esi, %esi
	call	*%rsi			/* native_pvh_start or native_mb2_start */
	ud2

	.data
	.balign 8
	.globl native_entry_tsc
native_entry_tsc:
	.quad	0

	.balign 16
	.globl native_gdt
native_gdt:
	.quad	0
	.quad	0x00af9a000000ffff	/* GDT_CS64: 64-bit code, ring 0 */
	.quad	0x00cf92000000ffff	/* GDT_DS: flat data */
	.quad	0x00cf9a000000ffff	/* GDT_CS32: flat 32-bit code */
native_gdt_end:
native_gdt_desc:
	.word	native_gdt_end - native_gdt - 1
	.quad	native_gdt

	.section .bss.page_tables, "aw", @nobits
	.balign 4096
pvh_pml4:	.skip 4096
pvh_pdpt:	.skip 4096
pvh_pd:		.skip 4 * 4096
	.globl native_pt
native_pt:	.skip 4096
