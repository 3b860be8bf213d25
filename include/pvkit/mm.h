/* SPDX-License-Identifier: MIT */
/*
 * Memory: page-table entry bits, the page-frame allocator, and the mmu ops
 * as the core uses them.  Frames are pseudo-physical (pfn); the allocator
 * hands out frames the boot mapping covers 1:1 (virtual = pfn << 12) on
 * both backends.
 */
#ifndef PVKIT_MM_H
#define PVKIT_MM_H

#include <pvkit/arch.h>

#define PTE_PRESENT	0x001UL
#define PTE_RW		0x002UL
#define PTE_ACCESSED	0x020UL
#define PTE_DIRTY	0x040UL
#define PTE_LARGE	0x080UL
#define PTE_ADDR_MASK	0x000ffffffffff000UL
#define PTE_KERNEL	(PTE_PRESENT | PTE_RW | PTE_ACCESSED | PTE_DIRTY)
#define PTE_TABLE	(PTE_PRESENT | PTE_RW | PTE_ACCESSED)

#define PT_ENTRIES	512
#define PT_INDEX(va, level) (((va) >> (PAGE_SHIFT + 9 * ((level) - 1))) & (PT_ENTRIES - 1))

static inline void *pfn_to_virt(unsigned long pfn)
{
	return (void *)(pfn << PAGE_SHIFT);
}

void page_alloc_init(unsigned long start_pfn, unsigned long end_pfn);
/* A zeroed frame, or 0 when none is left (frame 0 is never handed out). */
unsigned long page_alloc(void);
/* The same, the highest free frame (for tests of the top of RAM). */
unsigned long page_alloc_high(void);
void page_free(unsigned long pfn);
unsigned long page_free_count(void);
/* The frames the allocator was given, and the pfn just past them. */
unsigned long page_alloc_frames(void);
unsigned long page_alloc_end(void);

#endif
