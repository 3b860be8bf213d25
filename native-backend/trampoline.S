/* SPDX-License-Identifier: MIT */
/*
 * An application processor's way from reset to the kernel.  The STARTUP IPI
 * starts it in real mode at TRAMPOLINE_ADDR, where native_cpu_up copied
 * native_trampoline_start..end (it never runs at its link address, which
 * is above 1 MiB).  Real mode -> 32-bit protected mode -> long mode with
 * the boot CPU's page tables, then native_ap_entry at its kernel address
 * finds out which CPU this is and runs native_ap_start on its stack.
 */
#include <pvkit/percpu-abi.h>
#include "trampoline.h"

#define GDT_CS64	0x08
#define GDT_DS		0x10
#define GDT_CS32	0x18

#define CR0_PE		0x00000001
#define CR0_WP		0x00010000
#define CR0_NW		0x20000000
#define CR0_CD		0x40000000
#define CR0_PG		0x80000000
#define MSR_EFER	0xc0000080
#define MSR_APIC_BASE	0x1b
#define APIC_ID_REG	0x20

/* Physical address of a trampoline label once copied. */
#define T(label)	(TRAMPOLINE_ADDR + (label) - native_trampoline_start)

	.section .text.native.trampoline, "ax"
	.code16
	.globl native_trampoline_start
native_trampoline_start:
	cli
	cld
	mov	%cs, %ax		/* CS = TRAMPOLINE_ADDR >> 4, IP = 0 */
	mov	%ax, %ds
	lgdtl	tramp_gdt_desc - native_trampoline_start
	mov	%cr0, %eax
	or	$CR0_PE, %eax
	mov	%eax, %cr0
	ljmpl	$GDT_CS32, $T(tramp_pm32)

	.code32
tramp_pm32:
	mov	$GDT_DS, %eax
	mov	%eax, %ds
	mov	%eax, %es
	mov	%eax, %ss
	/* Reset leaves the caches off (CD, NW); the kernel wants them on. */
	mov	%cr0, %eax
	and	$~(CR0_CD | CR0_NW), %eax
	mov	%eax, %cr0
	mov	T(native_trampoline_mailbox) + MB_CR4, %eax
	mov	%eax, %cr4
	mov	T(native_trampoline_mailbox) + MB_CR3, %eax
	mov	%eax, %cr3
	mov	$MSR_EFER, %ecx
	rdmsr
	or	T(native_trampoline_mailbox) + MB_EFER, %eax
	wrmsr
	mov	%cr0, %eax
	or	$(CR0_PG | CR0_WP | CR0_PE), %eax
	mov	%eax, %cr0
	ljmp	$GDT_CS64, $T(tramp_lm64)

	.code64
tramp_lm64:
	/* Still on the low copy: leave for the kernel's own address. */
	movabs	$native_ap_entry, %rax
	jmp	*%rax

	.balign 8
tramp_gdt:				/* the boot GDT's selectors (pvh-entry.S) */
	.quad	0
	.quad	0x00af9a000000ffff	/* GDT_CS64 */
	.quad	0x00cf92000000ffff	/* GDT_DS */
	.quad	0x00cf9a000000ffff	/* GDT_CS32 */
tramp_gdt_end:
tramp_gdt_desc:
	.word	tramp_gdt_end - tramp_gdt - 1
	.long	T(tramp_gdt)

	.balign 8
	.globl native_trampoline_mailbox
native_trampoline_mailbox:
	.skip	MB_SIZE
	.globl native_trampoline_end
native_trampoline_end:

/*
 * Long mode at the kernel address, no stack yet.  The CPU finds its number
 * by its APIC ID in native_cpu_apic_id and takes (exchanging it for 0) the
 * stack native_cpu_up left for it, so a stack serves one CPU only.  A CPU
 * that finds neither (a late or unexpected start) parks, interrupts off.
 */
	.section .text.native, "ax"
	.globl native_ap_entry
native_ap_entry:
	mov	$MSR_APIC_BASE, %ecx
	rdmsr
	and	$0xfffff000, %eax	/* the LAPIC, 1:1 mapped below 4 GiB */
	mov	APIC_ID_REG(%rax), %ebx
	shr	$24, %ebx
	mov	$1, %ecx		/* CPU 0 is the boot CPU */
1:	cmp	$MAX_CPUS, %ecx
	jae	native_ap_park
	cmp	native_cpu_apic_id(, %rcx, 4), %ebx
	je	2f
	inc	%ecx
	jmp	1b
2:	xor	%eax, %eax
	xchg	%rax, native_ap_stack_top(, %rcx, 8)
	test	%rax, %rax
	jz	native_ap_park
	mov	%rax, %rsp
	xor	%ebp, %ebp		/* ends backtraces */
	mov	%ecx, %edi
	mov	%rax, %rsi
	call	native_ap_start		/* does not return */
	.globl native_ap_park
native_ap_park:
	cli
	hlt
	jmp	native_ap_park
