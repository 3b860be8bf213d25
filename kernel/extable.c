/* SPDX-License-Identifier: MIT */
/* Looking up faulting instructions in the exception table. */
#include <pvkit/extable.h>
#include <pvkit/trapframe.h>

extern const struct extable_entry __ex_table_start[], __ex_table_end[];

struct fault_record last_fault;

bool extable_fixup(struct trap_frame *f, uint64_t cr2)
{
	for (const struct extable_entry *e = __ex_table_start; e < __ex_table_end; e++) {
		if (e->insn != f->rip)
			continue;
		last_fault = (struct fault_record) {
			.vector = f->vector, .error = f->error, .rip = f->rip, .cr2 = cr2,
			.count = last_fault.count + 1,
		};
		f->rip = e->fixup;
		return true;
	}
	return false;
}
