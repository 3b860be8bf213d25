/* SPDX-License-Identifier: MIT */
/*
 * The p2m: our pseudo-physical frame -> machine frame list (start_info's
 * mfn_list), and its publication for the toolstack: xl save, restore and
 * dump-core read a PV guest's memory through shared_info's max_pfn and a
 * two-level list of the frames holding the p2m array.
 */
#include <pvkit/printk.h>
#include "xen.h"

unsigned long xen_pfn_to_mfn(unsigned long pfn)
{
	return ((const unsigned long *)xen_start_info->mfn_list)[pfn];
}

#define PER_PAGE	(PAGE_SIZE / sizeof(unsigned long))

/* One frame-list page covers PER_PAGE p2m pages: 1 GiB of guest memory. */
static unsigned long frame_list[PER_PAGE] __aligned(PAGE_SIZE);
static unsigned long frame_list_list[PER_PAGE] __aligned(PAGE_SIZE);

void xen_p2m_publish(void)
{
	const start_info_t *si = xen_start_info;
	unsigned long p2m_pages = (si->nr_pages + PER_PAGE - 1) / PER_PAGE;

	if (si->nr_pages > XEN_P2M_MAX_PAGES)
		panic("xen: memory = %lu MiB is more than the %lu MiB this kernel's p2m publication "
		      "covers (xl save and dump-core would lose the rest): set memory = %lu or less",
		      si->nr_pages >> (20 - PAGE_SHIFT), XEN_P2M_MAX_PAGES >> (20 - PAGE_SHIFT),
		      XEN_P2M_MAX_PAGES >> (20 - PAGE_SHIFT));
	for (unsigned long i = 0; i < p2m_pages; i++)
		frame_list[i] = xen_pfn_to_mfn((si->mfn_list >> PAGE_SHIFT) + i);
	frame_list_list[0] = xen_pfn_to_mfn((unsigned long)frame_list >> PAGE_SHIFT);
	xen_shared_info->arch.max_pfn = si->nr_pages;
	xen_shared_info->arch.pfn_to_mfn_frame_list_list =
		xen_pfn_to_mfn((unsigned long)frame_list_list >> PAGE_SHIFT);
}
