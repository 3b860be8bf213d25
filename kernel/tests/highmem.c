/* SPDX-License-Identifier: MIT */
/*
 * The top of RAM through the mmu ops: the page allocator's highest free
 * frames (on Xen PV far beyond what the domain builder mapped) mapped into
 * the test window's page table, a pattern written through the window and
 * read back through it and through the 1:1 mapping, then unmapped.
 */
#include <pvkit/boot.h>
#include <pvkit/mm.h>
#include <pvkit/printk.h>
#include <pvkit/selftest.h>
#include <pvkit/selftest-window.h>

#define HIGH_FRAMES	511		/* PTEs 1 to 511 of the window's table (0 maps frame a) */
#define TOP_SLACK	(8UL << 20)	/* the highest free frame is this close to the allocator's end */

static unsigned long frames[HIGH_FRAMES];

static uint64_t pattern(unsigned long pfn, unsigned int word)
{
	return (0x9e3779b97f4a7c15UL * (pfn + 1)) ^ word;
}

static volatile uint64_t *slot(unsigned int i)
{
	return (volatile uint64_t *)(WINDOW + (i + 1UL) * PAGE_SIZE);
}

/* Every frame's first and last words, through the window and the 1:1 map. */
static unsigned int count_bad(unsigned int n)
{
	unsigned int bad = 0;

	for (unsigned int i = 0; i < n; i++) {
		const uint64_t *direct = pfn_to_virt(frames[i]);

		for (unsigned int word = 0; word < PT_ENTRIES; word += PT_ENTRIES - 1)
			if (slot(i)[word] != pattern(frames[i], word) ||
			    direct[word] != pattern(frames[i], word)) {
				if (!bad)
					selftest_fail("frame %#lx word %u reads %#lx / %#lx, want %#lx",
						      frames[i], word, (unsigned long)slot(i)[word],
						      (unsigned long)direct[word],
						      (unsigned long)pattern(frames[i], word));
				bad++;
			}
	}
	return bad;
}

/* The frames in (map) or out of the window's PTEs 1 to n, as one lazy batch. */
static long set_slots(const struct window *w, unsigned int n, bool map)
{
	long rc = 0;

	arch_lazy_mmu_begin();
	for (unsigned int i = 0; i < n; i++)
		rc = rc ?: arch_set_pte(&table(w->pt)[i + 1],
					map ? arch_make_pte(frames[i], PTE_KERNEL) : 0);
	rc = rc ?: arch_lazy_mmu_end();
	arch_flush_tlb_all();
	return rc;
}

SELFTEST(test_touch_high_memory, "mmu.touch_high_memory", NULL)
{
	unsigned long free_before = page_free_count(), top = 0, low = ~0UL;
	unsigned int n = 0;
	struct window w;
	long rc;

	if (!window_build(&w, false))
		return;
	while (n < HIGH_FRAMES && (frames[n] = page_alloc_high())) {
		top = frames[n] > top ? frames[n] : top;
		low = frames[n] < low ? frames[n] : low;
		n++;
	}
	CHECK(n == HIGH_FRAMES, "page_alloc_high gave %u frames, want %u", n, HIGH_FRAMES);
	CHECK(n && ((top + 1) << PAGE_SHIFT) + TOP_SLACK >= page_alloc_end() << PAGE_SHIFT,
	      "the highest free frame is %#lx, more than %lu MiB below the allocator's end (%#lx)",
	      top, TOP_SLACK >> 20, page_alloc_end());
	/* The allocator got the memory map's RAM, not a default: most of it
	 * (a UEFI map cuts RAM into pieces, and the allocator takes the largest). */
	CHECK(page_alloc_frames() << PAGE_SHIFT >= boot_mem_bytes / 4 * 3,
	      "the page allocator holds %lu MiB of %lu MiB of RAM",
	      page_alloc_frames() >> (20 - PAGE_SHIFT), (unsigned long)(boot_mem_bytes >> 20));
	rc = set_slots(&w, n, true);
	CHECK(rc == 0, "mapping the frames into the window failed: %ld", rc);
	if (!rc) {
		for (unsigned int i = 0; i < n; i++)
			for (unsigned int word = 0; word < PT_ENTRIES; word += PT_ENTRIES - 1)
				slot(i)[word] = pattern(frames[i], word);
		CHECK(!count_bad(n), "frames did not keep what was written through the window");
	}
	rc = set_slots(&w, n, false);
	CHECK(rc == 0, "unmapping the frames failed: %ld", rc);
	if (n)
		printk("pvkit: mmu: touched %u frames from %#lx up to %#lx\n", n,
		       low << PAGE_SHIFT, ((top + 1) << PAGE_SHIFT) - 1);
	while (n)
		page_free(frames[--n]);
	window_teardown(&w);
	CHECK(page_free_count() == free_before, "frames leaked: %lu free, were %lu",
	      page_free_count(), free_before);
}
