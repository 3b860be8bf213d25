/* SPDX-License-Identifier: MIT */
/*
 * Building page tables through the mmu ops: a fresh mapping at 512 GiB
 * (a fourth-level slot nobody uses), a remap seen after a TLB flush, and
 * everything taken down again.  On Xen, Xen validates each step (its own
 * checks of that are in xen-backend/mmu-selftests.c).
 */
#include <pvkit/mm.h>
#include <pvkit/selftest.h>
#include <pvkit/selftest-window.h>

/* Page-table frames linked top-down, each made a table before it is linked. */
bool window_build(struct window *w, bool lazy)
{
	long rc;

	w->root = pfn_to_virt(arch_read_cr3() >> PAGE_SHIFT);
	CHECK(!w->root[PT_INDEX(WINDOW, 4)], "PML4 slot for %#lx is in use", WINDOW);
	w->pud = page_alloc();
	w->pmd = page_alloc();
	w->pt = page_alloc();
	w->a = page_alloc();
	w->b = page_alloc();
	CHECK(w->pud && w->pmd && w->pt && w->a && w->b, "page_alloc ran out");
	if (!w->b)
		return false;
	*(uint64_t *)pfn_to_virt(w->a) = MARK_A;
	*(uint64_t *)pfn_to_virt(w->b) = MARK_B;

	rc = arch_alloc_pt(w->pt, 1) ?: arch_alloc_pt(w->pmd, 2) ?: arch_alloc_pt(w->pud, 3);
	CHECK(rc == 0, "alloc_pt failed: %ld", rc);
	if (lazy)
		arch_lazy_mmu_begin();
	rc = arch_set_pte(&table(w->pt)[PT_INDEX(WINDOW, 1)], arch_make_pte(w->a, PTE_KERNEL)) ?:
	     arch_set_pmd(&table(w->pmd)[PT_INDEX(WINDOW, 2)], arch_make_pte(w->pt, PTE_TABLE)) ?:
	     arch_set_pud(&table(w->pud)[PT_INDEX(WINDOW, 3)], arch_make_pte(w->pmd, PTE_TABLE)) ?:
	     arch_set_pgd(&w->root[PT_INDEX(WINDOW, 4)], arch_make_pte(w->pud, PTE_TABLE));
	if (lazy)
		rc = rc ?: arch_lazy_mmu_end();
	CHECK(rc == 0, "linking the window failed: %ld", rc);
	return rc == 0;
}

void window_teardown(struct window *w)
{
	long rc = arch_set_pgd(&w->root[PT_INDEX(WINDOW, 4)], 0) ?:
		  arch_set_pud(&table(w->pud)[PT_INDEX(WINDOW, 3)], 0) ?:
		  arch_set_pmd(&table(w->pmd)[PT_INDEX(WINDOW, 2)], 0) ?:
		  arch_set_pte(&table(w->pt)[PT_INDEX(WINDOW, 1)], 0);

	arch_flush_tlb_all();
	CHECK(rc == 0, "unlinking the window failed: %ld", rc);
	rc = arch_release_pt(w->pud, 3) ?: arch_release_pt(w->pmd, 2) ?: arch_release_pt(w->pt, 1);
	CHECK(rc == 0, "release_pt failed: %ld", rc);
	if (rc)
		return;		/* still page tables: they cannot go back to the allocator */
	page_free(w->pud);
	page_free(w->pmd);
	page_free(w->pt);
	page_free(w->a);
	page_free(w->b);
}

SELFTEST(test_mmu_remap, "mmu.remap_seen_after_flush", NULL)
{
	volatile uint64_t *window = (volatile uint64_t *)WINDOW;
	unsigned long free_before = page_free_count();
	struct window w;
	long rc;

	if (!window_build(&w, false))
		return;
	CHECK(*window == MARK_A, "the window reads %#lx, want frame A's %#lx",
	      (unsigned long)*window, MARK_A);
	rc = arch_set_pte(&table(w.pt)[PT_INDEX(WINDOW, 1)], arch_make_pte(w.b, PTE_KERNEL));
	arch_flush_tlb_one(WINDOW);
	CHECK(rc == 0, "remapping to frame B failed: %ld", rc);
	CHECK(*window == MARK_B, "after remap and flush the window reads %#lx, want %#lx",
	      (unsigned long)*window, MARK_B);
	*window = 0x1234;
	CHECK(*(uint64_t *)pfn_to_virt(w.b) == 0x1234 && *(uint64_t *)pfn_to_virt(w.a) == MARK_A,
	      "a write through the window did not land in frame B alone");
	CHECK(arch_pte_pfn(table(w.pt)[PT_INDEX(WINDOW, 1)]) == w.b,
	      "pte_pfn does not give frame B back");
	window_teardown(&w);
	CHECK(page_free_count() == free_before, "frames leaked: %lu free, were %lu",
	      page_free_count(), free_before);
}

/*
 * The same four links in lazy mode, then a remap in lazy mode.  Where the
 * platform batches (Xen: PV_CAP_LAZY_MMU_BATCH) the four go to it as one
 * call, and the remap waits in the batch (the table still holds the old
 * entry) until lazy_end; elsewhere each store is in the table at once.
 */
SELFTEST(test_mmu_lazy_batch, "mmu.lazy_updates_batched", NULL)
{
	volatile uint64_t *window = (volatile uint64_t *)WINDOW;
	unsigned long calls_before = arch_mmu_calls(), calls, queued;
	bool batched = arch_has_cap(PV_CAP_LAZY_MMU_BATCH);
	uint64_t *ptep, want, in_table;
	struct window w;
	long rc;

	if (!window_build(&w, true))
		return;
	calls = arch_mmu_calls() - calls_before;
	CHECK(*window == MARK_A, "after a lazy build the window reads %#lx, want %#lx",
	      (unsigned long)*window, MARK_A);
	ptep = &table(w.pt)[PT_INDEX(WINDOW, 1)];
	want = arch_make_pte(w.b, PTE_KERNEL);
	calls_before = arch_mmu_calls();
	arch_lazy_mmu_begin();
	rc = arch_set_pte(ptep, want);
	in_table = READ_ONCE(*ptep);
	queued = arch_mmu_calls() - calls_before;
	rc = rc ?: arch_lazy_mmu_end();
	arch_flush_tlb_one(WINDOW);
	CHECK(rc == 0, "the lazy remap failed: %ld", rc);
	CHECK(*window == MARK_B, "after the lazy remap the window reads %#lx, want %#lx",
	      (unsigned long)*window, MARK_B);
	if (batched) {
		CHECK(calls == 1, "4 lazy updates took %lu mmu_update calls, want 1", calls);
		CHECK(queued == 0 && in_table != want,
		      "a lazy update reached Xen before lazy_end (%lu calls)", queued);
	} else {
		CHECK(in_table == want, "inside lazy mode the entry is %#lx, want %#lx at once",
		      (unsigned long)in_table, (unsigned long)want);
	}
	window_teardown(&w);
}
