/* SPDX-License-Identifier: MIT */
/*
 * The exception table: an instruction that may fault, and where to go on
 * if it does.  The trap handlers of both backends look here before they
 * panic; the fixup code finds the vector in this CPU's fault record.
 */
#ifndef PVKIT_EXTABLE_H
#define PVKIT_EXTABLE_H

#include <pvkit/compiler.h>

struct extable_entry {
	uint64_t insn;
	uint64_t fixup;
};

/* Inline-asm fragment: the instruction at label "from" may fault to "to". */
#define _ASM_EXTABLE(from, to)						\
	".pushsection __ex_table, \"a\"\n\t"				\
	".balign 8\n\t"							\
	".quad " #from ", " #to "\n\t"					\
	".popsection\n\t"

/* What the last fixed-up fault was (read by the code at the fixup). */
struct fault_record {
	uint64_t vector, error, rip, cr2;
	unsigned long count;
};

extern struct fault_record last_fault;

struct trap_frame;
/* True (and the frame resumes at the fixup) if rip has an entry. */
bool extable_fixup(struct trap_frame *f, uint64_t cr2);

#endif
