/* SPDX-License-Identifier: MIT */
/*
 * Free frames on Xen PV.  The domain builder maps only its bootstrap area
 * (the image, p2m list, start_info, page tables, stack and at least 512
 * KiB more, to a 4 MiB boundary); the rest of the domain's frames are
 * ours but unmapped.  At setup they get the 1:1 mapping the page
 * allocator needs: new L1 tables, taken from the first free frames, are
 * filled while still writable, made read-only, and linked into the
 * builder's L2 table (Xen validates each as it is linked).
 */
#include <pvkit/boot.h>
#include <pvkit/mm.h>
#include <pvkit/printk.h>
#include <pvkit/string.h>
#include <xen-common/hypercall.h>
#include "xen.h"

#define PTE_KERNEL_RO	(PTE_PRESENT | PTE_ACCESSED | PTE_DIRTY)
/* One builder L2 table maps 1 GiB; 512 MiB is the largest domain we run. */
#define GROW_LIMIT_PFN	(1UL << (30 - PAGE_SHIFT))
#define NO_MFN		(~0UL)

/* The table an entry of the builder's tables points at, by its 1:1 address. */
static uint64_t *next_level(uint64_t e)
{
	if (!(e & PTE_PRESENT) || (e & PTE_LARGE))
		return NULL;
	return pfn_to_virt(machine_to_phys_mapping[(e & PTE_ADDR_MASK) >> PAGE_SHIFT]);
}

/* Maps pfns [from, to), all under one L2 entry; 0 or -errno.  *tables: the next free frame. */
static long map_range(uint64_t *l2, unsigned long from, unsigned long to, unsigned long *tables)
{
	uint64_t *l2e = &l2[PT_INDEX(from << PAGE_SHIFT, 2)];
	uint64_t *l1 = next_level(*l2e);
	unsigned long t;
	long rc;

	if (l1) {			/* the builder's last L1, partly filled */
		xen_lazy_begin();
		for (unsigned long pfn = from; pfn < to; pfn++)
			xen_set_entry(&l1[pfn & 511], xen_make_pte(pfn, PTE_KERNEL));
		return xen_lazy_end();
	}
	t = (*tables)++;
	l1 = pfn_to_virt(t);
	memset(l1, 0, PAGE_SIZE);
	for (unsigned long pfn = from; pfn < to; pfn++)
		l1[pfn & 511] = xen_make_pte(pfn, PTE_KERNEL);
	rc = HYPERVISOR_update_va_mapping(t << PAGE_SHIFT, xen_make_pte(t, PTE_KERNEL_RO),
					  UVMF_INVLPG);
	return rc ?: xen_set_entry(l2e, xen_make_pte(t, PTE_TABLE));
}

void xen_free_frames(struct boot_info *bi)
{
	const start_info_t *si = xen_start_info;
	unsigned long end = si->pt_base + si->nr_pt_frames * PAGE_SIZE;
	unsigned long start, mapped, last = si->nr_pages, tables, pfn;
	uint64_t *l3 = next_level(((uint64_t *)si->pt_base)[0]);
	uint64_t *l2 = l3 ? next_level(l3[0]) : NULL;

	if (si->mfn_list + si->nr_pages * sizeof(unsigned long) > end)
		end = si->mfn_list + si->nr_pages * sizeof(unsigned long);
	if ((unsigned long)si + PAGE_SIZE > end)
		end = (unsigned long)si + PAGE_SIZE;
	start = (end + PAGE_SIZE - 1) / PAGE_SIZE + 1;	/* and the bootstrap stack */
	for (mapped = start; mapped < si->nr_pages &&
	     (xen_lookup_pte(mapped << PAGE_SHIFT) & PTE_PRESENT); mapped++)
		;
	if (last > GROW_LIMIT_PFN)
		last = GROW_LIMIT_PFN;
	for (pfn = mapped; pfn < last; pfn++)
		if (xen_pfn_to_mfn(pfn) == NO_MFN)
			last = pfn;
	tables = start;
	for (pfn = mapped; l2 && pfn < last && tables < mapped; pfn = (pfn | 511) + 1) {
		unsigned long to = (pfn | 511) + 1 < last ? (pfn | 511) + 1 : last;
		long rc = map_range(l2, pfn, to, &tables);

		if (rc) {
			printk("pvkit: xen: mapping frames %#lx-%#lx failed: %ld\n", pfn, to, rc);
			break;
		}
	}
	bi->free_pfn_start = tables;
	bi->free_pfn_end = pfn > mapped ? pfn : mapped;
	printk("pvkit: xen: the builder mapped frames up to %#lx; mapped up to %#lx with %lu new "
	       "L1 tables\n", mapped, bi->free_pfn_end, tables - start);
}
