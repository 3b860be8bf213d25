/* SPDX-License-Identifier: MIT */
/*
 * Descriptor tables for a PV guest.  Its kernel runs in ring 3 and may not
 * load a GDT or LDT itself: it gives Xen the frames (set_gdt,
 * MMUEXT_SET_LDT), which Xen checks and uses only while no writable
 * mapping of them exists, and changes entries through update_descriptor,
 * which checks each one.  Xen's own TSS serves every vCPU; sp0 is the
 * kernel stack Xen switches to (stack_switch).  Xen's reserved GDT entries
 * (FLAT_KERNEL_CS, ...) stay usable whatever GDT we load.
 */
#include <pvkit/desc.h>
#include <pvkit/mm.h>
#include <pvkit/percpu.h>
#include <pvkit/printk.h>
#include <xen-common/hypercall.h>
#include "xen.h"

#define PTE_KERNEL_RO	0x061	/* present, accessed, dirty */

/* What each vCPU has loaded, to hand back and to make writable again. */
static struct desc_ptr gdt_loaded[MAX_CPUS];
static struct desc_ptr ldt_loaded[MAX_CPUS];

static unsigned long table_pages(const struct desc_ptr *d)
{
	return d->base ? ((d->base & (PAGE_SIZE - 1)) + d->limit + PAGE_SIZE) / PAGE_SIZE : 0;
}

static void set_writable(const struct desc_ptr *d, bool writable)
{
	unsigned long va = d->base & ~(PAGE_SIZE - 1);

	for (unsigned long i = 0; i < table_pages(d); i++, va += PAGE_SIZE)
		xen_write_pte(va, ((uint64_t)xen_pfn_to_mfn(va >> PAGE_SHIFT) << PAGE_SHIFT) |
				  PTE_KERNEL_RO | (writable ? PTE_RW : 0));
}

/*
 * The frames and entry count Xen wants for the GDT dtr describes, its
 * pages made read-only; recorded as what vCPU cpu has loaded.  For
 * set_gdt, and for a new vCPU's vcpu_guest_context.
 */
unsigned int xen_gdt_frames(unsigned int cpu, const struct desc_ptr *dtr,
			    unsigned long frames[MAX_GDT_FRAMES])
{
	if (dtr->base & (PAGE_SIZE - 1))
		panic("load_gdt: a PV GDT must start on a page (%#lx)", (unsigned long)dtr->base);
	if (table_pages(dtr) > MAX_GDT_FRAMES)
		panic("load_gdt: %lu pages are more than a GDT has", table_pages(dtr));
	set_writable(dtr, false);
	for (unsigned long i = 0; i < table_pages(dtr); i++)
		frames[i] = xen_pfn_to_mfn((dtr->base >> PAGE_SHIFT) + i);
	gdt_loaded[cpu] = *dtr;
	return dtr->base ? (dtr->limit + 1U) / 8 : 0;
}

void xen_load_gdt(const struct desc_ptr *dtr)
{
	unsigned int cpu = this_cpu_read(cpu);
	unsigned long frames[MAX_GDT_FRAMES];
	struct desc_ptr old = gdt_loaded[cpu];
	unsigned int entries = xen_gdt_frames(cpu, dtr, frames);
	long rc;

	rc = xen_hypercall2(__HYPERVISOR_set_gdt, (unsigned long)frames, entries);
	if (rc)
		panic("set_gdt(%u entries at %#lx) failed: %ld", entries,
		      (unsigned long)dtr->base, rc);
	if (old.base && old.base != dtr->base)
		set_writable(&old, true);	/* Xen let go of those frames */
}

void xen_store_gdt(struct desc_ptr *dtr)
{
	*dtr = gdt_loaded[this_cpu_read(cpu)];
}

/* For GDT and LDT entries alike: Xen refuses a descriptor it does not allow. */
void xen_write_desc_entry(uint64_t *table, unsigned int entry, uint64_t desc)
{
	unsigned long va = (unsigned long)&table[entry];
	uint64_t maddr = ((uint64_t)xen_pfn_to_mfn(va >> PAGE_SHIFT) << PAGE_SHIFT) |
			 (va & (PAGE_SIZE - 1));
	long rc = xen_hypercall2(__HYPERVISOR_update_descriptor, maddr, desc);

	if (rc)
		printk("pvkit: xen: update_descriptor(entry %u, %#lx) refused: %ld\n", entry,
		       (unsigned long)desc, rc);
}

void xen_set_ldt(const uint64_t *ldt, unsigned int entries)
{
	unsigned int cpu = this_cpu_read(cpu);
	struct desc_ptr d = { .limit = (uint16_t)(entries * 8 - 1), .base = (uint64_t)ldt };
	struct mmuext_op op = { .cmd = MMUEXT_SET_LDT };
	struct desc_ptr old = ldt_loaded[cpu];
	long rc;

	if (!entries)
		d.base = 0;
	set_writable(&d, false);
	op.arg1.linear_addr = d.base;
	op.arg2.nr_ents = entries;
	rc = HYPERVISOR_mmuext_op(&op, 1);
	if (rc)
		panic("MMUEXT_SET_LDT(%u entries at %p) failed: %ld", entries, (const void *)ldt, rc);
	ldt_loaded[cpu] = d;
	if (old.base && old.base != d.base)
		set_writable(&old, true);
}

/* No TSS of ours to name (str would show Xen's). */
unsigned long xen_store_tr(void)
{
	return 0;
}

void xen_load_sp0(unsigned long sp0)
{
	long rc = xen_hypercall2(__HYPERVISOR_stack_switch, FLAT_KERNEL_SS, sp0);

	if (rc)
		panic("stack_switch(%#lx) failed: %ld", sp0, rc);
}
