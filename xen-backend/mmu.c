/* SPDX-License-Identifier: MIT */
/*
 * Kernel text protection on Xen PV: the domain builder maps every page
 * writable; update_va_mapping rewrites each text page's PTE with or without
 * the RW bit (the frame from our p2m list).
 */
#include <pvkit/printk.h>
#include <xen-common/hypercall.h>
#include "xen.h"

#define PTE_KERNEL_RO	0x061	/* present, accessed, dirty */
#define PTE_RW		0x002
#define PTE_LARGE	0x080
#define PTE_ADDR_MASK	0x000ffffffffff000ULL

extern const char __image_start[], __text_end[];

void xen_set_text_writable(bool writable)
{
	for (unsigned long va = (unsigned long)__image_start; va < (unsigned long)__text_end;
	     va += PAGE_SIZE) {
		uint64_t pte = ((uint64_t)xen_pfn_to_mfn(va >> PAGE_SHIFT) << PAGE_SHIFT) |
			       PTE_KERNEL_RO | (writable ? PTE_RW : 0);
		long rc = HYPERVISOR_update_va_mapping(va, pte, UVMF_INVLPG);

		if (rc)
			panic("update_va_mapping(%#lx, %s) failed: %ld", va,
			      writable ? "rw" : "ro", rc);
	}
}

/*
 * The L1 entry mapping va in the page tables Xen built for us (all mapped
 * read-only in our space): walk from start_info's pt_base, each level's
 * frame back to our address through the M2P.  0 if va is not mapped.
 */
uint64_t xen_lookup_pte(unsigned long va)
{
	const uint64_t *table = (const uint64_t *)xen_start_info->pt_base;

	for (int level = 3; level >= 0; level--) {
		uint64_t e = table[(va >> (PAGE_SHIFT + 9 * level)) & 511];
		unsigned long mfn = (e & PTE_ADDR_MASK) >> PAGE_SHIFT;

		if (!(e & 1) || (level && (e & PTE_LARGE)))
			return level ? 0 : e;
		if (!level)
			return e;
		table = (const uint64_t *)(machine_to_phys_mapping[mfn] << PAGE_SHIFT);
	}
	return 0;
}

void xen_write_pte(unsigned long va, uint64_t pte)
{
	long rc = HYPERVISOR_update_va_mapping(va, pte, UVMF_INVLPG);

	if (rc)
		panic("update_va_mapping(%#lx, %#lx) failed: %ld", va, (unsigned long)pte, rc);
}

/*
 * Page tables on Xen PV: the guest maps them read-only and asks Xen to
 * change them (mmu_update), with machine frames in the entries; a frame
 * becomes a page table by being pinned, which Xen validates.
 */
static uint64_t virt_to_machine(const void *va)
{
	unsigned long v = (unsigned long)va;

	return ((uint64_t)xen_pfn_to_mfn(v >> PAGE_SHIFT) << PAGE_SHIFT) | (v & (PAGE_SIZE - 1));
}

/* Lazy mode: updates wait here and go to Xen in one mmu_update. */
#define BATCH 32

static struct mmu_update batch[BATCH];
static unsigned int batched;
static bool lazy;
static long lazy_error;
static unsigned long calls;

static long issue(const struct mmu_update *u, unsigned int count)
{
	calls++;
	return HYPERVISOR_mmu_update(u, count);
}

static void flush_batch(void)
{
	long rc = batched ? issue(batch, batched) : 0;

	if (rc && !lazy_error)
		lazy_error = rc;
	batched = 0;
}

long xen_set_entry(uint64_t *entryp, uint64_t value)
{
	struct mmu_update u = { .ptr = virt_to_machine(entryp) | MMU_NORMAL_PT_UPDATE,
				.val = value };

	if (!lazy)
		return issue(&u, 1);
	if (batched == BATCH)
		flush_batch();
	batch[batched++] = u;
	return 0;
}

void xen_lazy_begin(void)
{
	lazy = true;
	lazy_error = 0;
}

long xen_lazy_end(void)
{
	flush_batch();
	lazy = false;
	return lazy_error;
}

unsigned long xen_mmu_calls(void)
{
	return calls;
}

uint64_t xen_make_pte(unsigned long pfn, uint64_t flags)
{
	return ((uint64_t)xen_pfn_to_mfn(pfn) << PAGE_SHIFT) | flags;
}

unsigned long xen_pte_pfn(uint64_t pte)
{
	return machine_to_phys_mapping[(pte & PTE_ADDR_MASK) >> PAGE_SHIFT];
}

static long mmuext(unsigned int cmd, unsigned long arg)
{
	struct mmuext_op op = { .cmd = cmd };

	if (cmd == MMUEXT_INVLPG_LOCAL)
		op.arg1.linear_addr = arg;
	else
		op.arg1.mfn = arg;
	return HYPERVISOR_mmuext_op(&op, 1);
}

/* Read-only in our map first: Xen refuses a page table that is writable anywhere. */
long xen_alloc_pt(unsigned long pfn, unsigned int level)
{
	unsigned long mfn = xen_pfn_to_mfn(pfn);
	long rc = HYPERVISOR_update_va_mapping(pfn << PAGE_SHIFT,
					       ((uint64_t)mfn << PAGE_SHIFT) | PTE_KERNEL_RO,
					       UVMF_INVLPG);

	if (rc || level < 1 || level > 3)
		return rc ? rc : -22;
	return mmuext(MMUEXT_PIN_L1_TABLE + level - 1, mfn);
}

long xen_release_pt(unsigned long pfn, unsigned int level)
{
	unsigned long mfn = xen_pfn_to_mfn(pfn);
	long rc = mmuext(MMUEXT_UNPIN_TABLE, mfn);

	(void)level;
	if (rc)
		return rc;
	return HYPERVISOR_update_va_mapping(pfn << PAGE_SHIFT, ((uint64_t)mfn << PAGE_SHIFT) |
					   PTE_KERNEL_RO | PTE_RW, UVMF_INVLPG);
}

void xen_flush_tlb_one(unsigned long va)
{
	long rc = mmuext(MMUEXT_INVLPG_LOCAL, va);

	if (rc)
		panic("MMUEXT_INVLPG_LOCAL %#lx failed: %ld", va, rc);
}

void xen_flush_tlb_all(void)
{
	long rc = mmuext(MMUEXT_TLB_FLUSH_LOCAL, 0);

	if (rc)
		panic("MMUEXT_TLB_FLUSH_LOCAL failed: %ld", rc);
}

/* We never switch page tables: the root is the one the domain builder made. */
unsigned long xen_read_cr3(void)
{
	return xen_start_info->pt_base;
}
