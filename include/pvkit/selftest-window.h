/* SPDX-License-Identifier: MIT */
/*
 * A test mapping built through the mmu ops: WINDOW (PML4 slot 1, which
 * nothing else uses) maps frame a, which holds MARK_A; frame b holds MARK_B.
 */
#ifndef PVKIT_SELFTEST_WINDOW_H
#define PVKIT_SELFTEST_WINDOW_H

#include <pvkit/mm.h>

#define WINDOW		0x8000000000UL
#define MARK_A		0xaaaa5555aaaa5555UL
#define MARK_B		0xbbbb6666bbbb6666UL

struct window {
	uint64_t *root;
	unsigned long pud, pmd, pt, a, b;	/* frames */
};

static inline uint64_t *table(unsigned long pfn)
{
	return pfn_to_virt(pfn);
}

bool window_build(struct window *w, bool lazy);
void window_teardown(struct window *w);

#endif
