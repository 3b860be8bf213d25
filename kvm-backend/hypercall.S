/* SPDX-License-Identifier: MIT */
/*
 * The one KVM hypercall site: long kvm_hypercall(nr, a0, a1, a2, a3).
 * KVM takes the number in %rax and the arguments in %rbx, %rcx, %rdx and
 * %rsi, and returns in %rax.  The instruction is vmcall (Intel VMX);
 * kvm_patch_hypercall (patch.c) writes vmmcall over it on AMD in setup,
 * before any hypercall.
 */
	.section .text.kvm, "ax"
	.globl	kvm_hypercall, kvm_hypercall_insn
	.type	kvm_hypercall, @function
kvm_hypercall:
	push	%rbx
	mov	%rdi, %rax
	mov	%rsi, %rbx
	mov	%rcx, %r9
	mov	%rdx, %rcx
	mov	%r9, %rdx
	mov	%r8, %rsi
kvm_hypercall_insn:
	vmcall
	pop	%rbx
	ret
	.size	kvm_hypercall, . - kvm_hypercall
	.section .note.GNU-stack, "", @progbits
