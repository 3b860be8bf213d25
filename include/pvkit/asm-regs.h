/* SPDX-License-Identifier: MIT */
/* Register save/restore sequences for assembly entry paths and thunks. */
#ifndef PVKIT_ASM_REGS_H
#define PVKIT_ASM_REGS_H

#ifdef __ASSEMBLY__
/* The C ABI's caller-saved registers, less %rax (a callee-save thunk's return). */
.macro PUSH_CALLER_SAVED_BUT_RAX
	push	%rcx
	push	%rdx
	push	%rsi
	push	%rdi
	push	%r8
	push	%r9
	push	%r10
	push	%r11
.endm

.macro POP_CALLER_SAVED_BUT_RAX
	pop	%r11
	pop	%r10
	pop	%r9
	pop	%r8
	pop	%rdi
	pop	%rsi
	pop	%rdx
	pop	%rcx
.endm

/* All fifteen GPRs, in the order of struct trap_frame (include/pvkit/trapframe.h). */
.macro PUSH_ALL_GPRS
	push	%rax
	push	%rbx
	push	%rcx
	push	%rdx
	push	%rsi
	push	%rdi
	push	%rbp
	push	%r8
	push	%r9
	push	%r10
	push	%r11
	push	%r12
	push	%r13
	push	%r14
	push	%r15
.endm

.macro POP_ALL_GPRS
	pop	%r15
	pop	%r14
	pop	%r13
	pop	%r12
	pop	%r11
	pop	%r10
	pop	%r9
	pop	%r8
	pop	%rbp
	pop	%rdi
	pop	%rsi
	pop	%rdx
	pop	%rcx
	pop	%rbx
	pop	%rax
.endm

/* Error code as the CPU or Xen pushes it: vectors 8, 10-14, 17, 21, 29, 30. */
.macro PUSH_ERROR_CODE_IF_NONE vec
	.if !(\vec == 8 || (\vec >= 10 && \vec <= 14) || \vec == 17 || \vec == 21 || \vec == 29 || \vec == 30)
	pushq	$0
	.endif
.endm
#endif

#endif
