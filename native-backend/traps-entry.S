/* SPDX-License-Identifier: MIT */
/*
 * Entry stubs for the native IDT.  Each exception stub makes the frame
 * uniform (vector, error code) and calls native_exception(); it returns if
 * the exception table had a fixup (the frame's rip now points there).  The
 * local APIC timer and the IPI have entries of their own; every other
 * interrupt vector is spurious (the 8259s are masked, pic.c) and returns.
 */
#include <pvkit/asm-regs.h>

	.section .text.native, "ax"

.macro EXC_STUB vec
	.balign 16
exc_stub_\vec:
	PUSH_ERROR_CODE_IF_NONE \vec
	pushq	$\vec
	jmp	exc_common
.endm

	.irp v, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	EXC_STUB \v
	.endr

exc_common:
	PUSH_ALL_GPRS
	mov	%rsp, %rdi
	call	native_exception
	POP_ALL_GPRS
	add	$16, %rsp		/* vector, error code */
	iretq

	.globl native_spurious_interrupt
native_spurious_interrupt:
	iretq

/* The local APIC timer: the C ABI's scratch registers are all it may use. */
	.globl native_timer_entry
native_timer_entry:
	push	%rax
	PUSH_CALLER_SAVED_BUT_RAX
	call	native_timer_interrupt
	POP_CALLER_SAVED_BUT_RAX
	pop	%rax
	iretq

/* The IPI of pv_ops.smp.send_ipi, saved like the timer. */
	.globl native_ipi_entry
native_ipi_entry:
	push	%rax
	PUSH_CALLER_SAVED_BUT_RAX
	call	native_ipi_interrupt
	POP_CALLER_SAVED_BUT_RAX
	pop	%rax
	iretq

	.section .rodata
	.balign 8
	.globl native_exception_stubs
native_exception_stubs:
	.irp v, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	.quad exc_stub_\v
	.endr
