/*
 * The native irq ops, callee-save (only %rax changes) as their call sites
 * require.  These are what unpatched and call-patched sites reach; inline
 * patching copies the same instructions from templates.S into the site.
 */
#include "vectors.h"

	.section .text.native, "ax"

	.globl native_save_fl
native_save_fl:
	pushf
	pop	%rax
	ret

	.globl native_restore_fl
native_restore_fl:
	push	%rdi
	popf
	ret

	.globl native_irq_disable
native_irq_disable:
	cli
	ret

	.globl native_irq_enable
native_irq_enable:
	sti
	ret

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
