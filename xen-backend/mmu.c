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
