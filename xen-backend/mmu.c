/*
 * Kernel text protection on Xen PV: the domain builder maps every page
 * writable; update_va_mapping rewrites each text page's PTE with or without
 * the RW bit (the frame from our p2m list).
 */
#include <pvkit/printk.h>
#include "hypercall.h"
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
