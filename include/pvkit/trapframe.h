/* SPDX-License-Identifier: MIT */
/* The frame the exception entry stubs build (PUSH_ALL_GPRS over the hardware frame). */
#ifndef PVKIT_TRAPFRAME_H
#define PVKIT_TRAPFRAME_H

#include <pvkit/compiler.h>

struct trap_frame {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector, error;
	uint64_t rip, cs, rflags, rsp, ss;
};

/*
 * Both backends' exception handlers end here: a fault with an exception
 * table entry resumes at its fixup, anything else is reported and panics.
 */
void trap_dispatch(struct trap_frame *f, uint64_t cr2);

#endif
