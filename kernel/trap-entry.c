/* SPDX-License-Identifier: MIT */
/*
 * The core's own exception entry.  The stubs are assembly, written inside
 * never-called C functions so that they can use arch.h's site macros (the
 * site's op offset comes from the C struct).  A stub: frame fix-up
 * site, error code and vector, then the common part: every register into
 * a struct trap_frame, the C dispatcher, registers back, iret site.
 */
#include <pvkit/arch.h>
#include <pvkit/printk.h>
#include <pvkit/trap-entry.h>

#define NR_VECTORS 32

static void (*handlers[NR_VECTORS])(struct trap_frame *f);

void core_trap_set_handler(unsigned int vector, void (*handler)(struct trap_frame *f))
{
	if (vector >= NR_VECTORS)
		panic("core trap vector %u out of range", vector);
	handlers[vector] = handler;
}

void __used core_trap(struct trap_frame *f)
{
	void (*handler)(struct trap_frame *f) =
		f->vector < NR_VECTORS ? handlers[f->vector] : NULL;

	if (!handler)
		trap_dispatch(f, 0);	/* reports it and panics, as any stray exception */
	else
		handler(f);
}

static void __used core_trap_ud_stub(void)
{
	__asm__ __volatile__(
		".pushsection .text.core_trap, \"ax\"\n\t"
		".globl core_trap_ud\n"
		"core_trap_ud:\n\t"
		ARCH_SITE_ASM
		"pushq $0\n\t"			/* no error code */
		"pushq $%c[vector]\n\t"
		"jmp core_trap_common\n\t"
		".popsection"
		:: ARCH_ADJUST_EXCEPTION_FRAME_OPERANDS,
		   [vector] "i"(CORE_TRAP_UD));
}

static void __used core_trap_common_stub(void)
{
	__asm__ __volatile__(
		".pushsection .text.core_trap, \"ax\"\n"
		"core_trap_common:\n\t"
		"push %%rax; push %%rbx; push %%rcx; push %%rdx; push %%rsi\n\t"
		"push %%rdi; push %%rbp; push %%r8; push %%r9; push %%r10\n\t"
		"push %%r11; push %%r12; push %%r13; push %%r14; push %%r15\n\t"
		"mov %%rsp, %%rdi\n\t"
		"call core_trap\n\t"
		"pop %%r15; pop %%r14; pop %%r13; pop %%r12; pop %%r11\n\t"
		"pop %%r10; pop %%r9; pop %%r8; pop %%rbp; pop %%rdi\n\t"
		"pop %%rsi; pop %%rdx; pop %%rcx; pop %%rbx; pop %%rax\n\t"
		"add $16, %%rsp\n\t"		/* vector and error code */
		ARCH_SITE_ASM
		"ud2\n\t"			/* iret does not come back */
		".popsection"
		:: ARCH_IRET_OPERANDS);
}
