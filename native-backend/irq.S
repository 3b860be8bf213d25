/* SPDX-License-Identifier: MIT */
/*
 * The native irq ops, callee-save (only %rax changes) as their call sites
 * require.  These are what unpatched and call-patched sites reach; inline
 * patching copies the same instructions from templates.S into the site.
 */
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

