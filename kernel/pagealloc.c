/* SPDX-License-Identifier: MIT */
/* A bitmap allocator over the frames the backend reports free and mapped. */
#include <pvkit/mm.h>
#include <pvkit/printk.h>
#include <pvkit/spinlock.h>
#include <pvkit/string.h>

#define MAX_FRAMES	(128 * 1024)	/* 512 MiB of frames tracked */

static unsigned long bitmap[MAX_FRAMES / 64];	/* set = free */
static unsigned long first, nr, nr_free;
static spinlock_t lock;		/* any CPU may allocate */

void page_alloc_init(unsigned long start_pfn, unsigned long end_pfn)
{
	if (!start_pfn)
		start_pfn = 1;
	first = start_pfn;
	nr = end_pfn > start_pfn ? end_pfn - start_pfn : 0;
	if (nr > MAX_FRAMES)
		nr = MAX_FRAMES;
	for (unsigned long i = 0; i < nr; i++)
		bitmap[i / 64] |= 1UL << (i % 64);
	nr_free = nr;
	printk("pvkit: memory: frames %#lx-%#lx (%lu) for the page allocator\n", first,
	       first + nr, nr);
}

static unsigned long take_one(void)
{
	for (unsigned long w = 0; w < (nr + 63) / 64; w++) {
		unsigned long i;

		if (!bitmap[w])
			continue;
		i = w * 64 + (unsigned long)__builtin_ctzl(bitmap[w]);
		if (i >= nr)
			break;
		bitmap[w] &= ~(1UL << (i % 64));
		nr_free--;
		return first + i;
	}
	return 0;
}

/* The highest free frame: the scan from the top. */
static unsigned long take_last(void)
{
	for (unsigned long w = (nr + 63) / 64; w-- > 0;) {
		unsigned long bits = bitmap[w], i;

		if (!bits)
			continue;
		i = w * 64 + 63 - (unsigned long)__builtin_clzl(bits);
		bitmap[w] &= ~(1UL << (i % 64));
		nr_free--;
		return first + i;
	}
	return 0;
}

static unsigned long alloc(unsigned long (*take)(void))
{
	unsigned long flags = spin_lock_irqsave(&lock);
	unsigned long pfn = take();

	spin_unlock_irqrestore(&lock, flags);
	if (pfn)
		memset(pfn_to_virt(pfn), 0, PAGE_SIZE);
	return pfn;
}

unsigned long page_alloc(void)
{
	return alloc(take_one);
}

unsigned long page_alloc_high(void)
{
	return alloc(take_last);
}

void page_free(unsigned long pfn)
{
	unsigned long i = pfn - first;

	unsigned long flags;

	if (pfn < first || i >= nr || (bitmap[i / 64] & (1UL << (i % 64))))
		panic("page_free(%#lx): not an allocated frame", pfn);
	flags = spin_lock_irqsave(&lock);
	bitmap[i / 64] |= 1UL << (i % 64);
	nr_free++;
	spin_unlock_irqrestore(&lock, flags);
}

unsigned long page_free_count(void)
{
	return nr_free;
}

unsigned long page_alloc_frames(void)
{
	return nr;
}

unsigned long page_alloc_end(void)
{
	return first + nr;
}
