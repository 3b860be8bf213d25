/* SPDX-License-Identifier: MIT */
/*
 * Small native CPU ops in assembly: read_cr2 (callee-save, like the irq
 * ops), the null trap the benchmarks time, and the control registers.
 */
#include "vectors.h"

	.section .text.native, "ax"

	.globl native_read_cr2
native_read_cr2:
	mov	%cr2, %rax
	ret

/* The cheapest trap: a software interrupt to a handler that only returns. */
	.globl native_null_trap, native_null_trap_handler
native_null_trap:
	int	$NATIVE_NULL_TRAP_VECTOR
	ret
native_null_trap_handler:
	iretq

/* Control registers.  Xen PV uses the reads too: it emulates them on trap. */
	.globl native_read_cr0, native_write_cr0, native_read_cr4
native_read_cr0:
	mov	%cr0, %rax
	ret
native_write_cr0:
	mov	%rdi, %cr0
	ret
native_read_cr4:
	mov	%cr4, %rax
	ret

/* The rest of the cpu ops that are single instructions. */
	.globl native_write_cr4, native_load_gdt, native_store_gdt, native_load_tr
	.globl native_io_delay, native_wbinvd, native_store_tr
	.globl native_load_idt, native_store_idt, native_iret
native_write_cr4:
	mov	%rdi, %cr4
	ret
native_load_gdt:
	lgdt	(%rdi)
	ret
native_store_gdt:
	sgdt	(%rdi)
	ret
native_load_tr:
	ltr	%di
	ret
native_store_tr:
	xor	%eax, %eax
	str	%ax
	ret
/* A write to port 0x80 (the POST code port) takes about a microsecond on the ISA bus. */
native_io_delay:
	outb	%al, $0x80
	ret
native_wbinvd:
	wbinvd
	ret
native_load_idt:
	lidt	(%rdi)
	ret
native_store_idt:
	sidt	(%rdi)
	ret
/* Reached by a call from an iret site (unpatched): drop the return address. */
native_iret:
	add	$8, %rsp
	iretq
