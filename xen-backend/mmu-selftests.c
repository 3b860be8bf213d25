/* SPDX-License-Identifier: MIT */
/*
 * Xen's own checks on a PV guest's page tables, on a mapping built through
 * the mmu ops (the core's window, kernel/tests/mmu.c).
 */
#include <pvkit/extable.h>
#include <pvkit/selftest.h>
#include <pvkit/selftest-window.h>

/*
 * Xen validates what a PV guest does to its page tables: mapping a page
 * table writable is refused (an error to report, not a crash), and a
 * pinned table's own mapping is read-only (a write faults).
 */
SELFTEST(test_xen_refuses_writable_pt, "mmu.xen_refuses_bad_update", "xen-pv")
{
	struct window w;
	bool faulted = false;
	long rc;

	if (!window_build(&w, false))
		return;
	rc = arch_set_pte(&table(w.pt)[PT_INDEX(WINDOW, 1)], arch_make_pte(w.pt, PTE_KERNEL));
	CHECK(rc < 0, "Xen accepted a writable mapping of a page table (rc %ld)", rc);
	__asm__ __volatile__("1: movq $0, (%[p])\n\t"
			     "jmp 3f\n\t"
			     "2: movb $1, %[faulted]\n\t"
			     "3:\n\t"
			     _ASM_EXTABLE(1b, 2b)
			     : [faulted] "+m"(faulted) : [p] "r"(table(w.pt) + 511) : "memory");
	CHECK(faulted, "a pinned page table was writable through its own mapping");
	window_teardown(&w);
}
