/* SPDX-License-Identifier: MIT */
/*
 * DEBUG_PARAVIRT thunks (assembled only in that build): thunk N calls the
 * real op of slot N, then poisons the registers that op's call sites
 * declare clobberable (pv_debug_class[N]), so a caller that wrongly relies
 * on one of them fails in this build.
 */
#ifdef DEBUG_PARAVIRT
#define POISON_ABI	1	/* %rcx %rdx %rsi %rdi %r8-%r11 */
#define POISON_RAX	2	/* the op returns nothing */
#define POISON		0xdeadbeefdeadbeef
#include <pvkit/paravirt-abi.h>
#define MAX_SLOTS	PV_DEBUG_MAX_SLOTS

	.altmacro
.macro DEBUG_THUNK n
pv_debug_thunk_\n:
	call	*pv_ops_real + \n * 8(%rip)
	testb	$POISON_ABI, pv_debug_class + \n(%rip)
	jz	1f
	movabs	$POISON, %rcx
	mov	%rcx, %rdx
	mov	%rcx, %rsi
	mov	%rcx, %rdi
	mov	%rcx, %r8
	mov	%rcx, %r9
	mov	%rcx, %r10
	mov	%rcx, %r11
1:	testb	$POISON_RAX, pv_debug_class + \n(%rip)
	jz	2f
	movabs	$POISON, %rax
2:	ret
.endm

.macro THUNK_ADDR n
	.quad	pv_debug_thunk_\n
.endm

	.text
	.set	slot, 0
	.rept	MAX_SLOTS
	DEBUG_THUNK %slot
	.set	slot, slot + 1
	.endr

	.section .rodata
	.balign 8
	.globl pv_debug_thunks
pv_debug_thunks:
	.set	slot, 0
	.rept	MAX_SLOTS
	THUNK_ADDR %slot
	.set	slot, slot + 1
	.endr
#endif
