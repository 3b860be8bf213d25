/* SPDX-License-Identifier: MIT */
/*
 * Kernel text protection.  The PVH entry maps the first 2 MiB (where the
 * image lives) with 4 KiB pages in native_pt; text pages lose their RW bit
 * except while the patcher runs, and CR0.WP makes that bind ring 0 too.
 */
#include <pvkit/printk.h>
#include "native.h"

#define PTE_RW		0x002

extern uint64_t native_pt[512];
extern const char __image_start[], __text_end[];

void native_set_text_writable(bool writable)
{
	for (uintptr_t va = (uintptr_t)__image_start; va < (uintptr_t)__text_end; va += PAGE_SIZE) {
		uint64_t *pte = &native_pt[va >> PAGE_SHIFT];

		*pte = writable ? *pte | PTE_RW : *pte & ~(uint64_t)PTE_RW;
		__asm__ __volatile__("invlpg (%0)" :: "r"(va) : "memory");
	}
}

/* Only the first 2 MiB are mapped 4 KiB-wise; the rest is 2 MiB pages. */
static uint64_t *native_pte(unsigned long va)
{
	if (va >= 512 * PAGE_SIZE)
		panic("native: no 4 KiB PTE for %#lx (only the first 2 MiB)", va);
	return &native_pt[va >> PAGE_SHIFT];
}

uint64_t native_read_pte(unsigned long va)
{
	return READ_ONCE(*native_pte(va));
}

void native_write_pte(unsigned long va, uint64_t pte)
{
	WRITE_ONCE(*native_pte(va), pte);
	__asm__ __volatile__("invlpg (%0)" :: "r"(va) : "memory");
}

/* Page tables on hardware: plain stores, the CPU reads them as they are. */
long native_set_entry(uint64_t *entryp, uint64_t value)
{
	WRITE_ONCE(*entryp, value);
	return 0;
}

uint64_t native_make_pte(unsigned long pfn, uint64_t flags)
{
	return ((uint64_t)pfn << PAGE_SHIFT) | flags;
}

unsigned long native_pte_pfn(uint64_t pte)
{
	return (unsigned long)((pte & 0x000ffffffffff000ULL) >> PAGE_SHIFT);
}

/* Any frame can hold a page table natively: nothing to do. */
long native_pt_nothing(unsigned long pfn, unsigned int level)
{
	(void)pfn;
	(void)level;
	return 0;
}

void native_flush_tlb_one(unsigned long va)
{
	__asm__ __volatile__("invlpg (%0)" :: "r"(va) : "memory");
}

/* Reloading CR3 drops every non-global translation. */
void native_flush_tlb_all(void)
{
	unsigned long cr3;

	__asm__ __volatile__("mov %%cr3, %0; mov %0, %%cr3" : "=r"(cr3) :: "memory");
}

unsigned long native_read_cr3(void)
{
	unsigned long cr3;

	__asm__ __volatile__("mov %%cr3, %0" : "=r"(cr3));
	return cr3 & 0x000ffffffffff000UL;
}

/* Stores need no batching; there are no hypervisor calls to count. */
long native_lazy_end(void)
{
	return 0;
}

unsigned long native_mmu_calls(void)
{
	return 0;
}
