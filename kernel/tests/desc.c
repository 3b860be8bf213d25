/* SPDX-License-Identifier: MIT */
/*
 * Descriptor-table and other cpu ops, on every backend: an entry written
 * with write_gdt_entry / write_ldt_entry into a table loaded with load_gdt
 * / set_ldt is what the CPU uses (lsl reads its limit back), and is gone
 * once the old table is back; a gate written with write_idt_entry into an
 * IDT loaded with load_idt takes #UD to the core's own entry stub, and
 * back through the iret op; a CR4 bit set and cleared through write_cr4
 * reads back; io_delay's sites are what its op gives, and wbinvd runs.
 */
#include <pvkit/arch.h>
#include <pvkit/desc.h>
#include <pvkit/mm.h>
#include <pvkit/patch.h>
#include <pvkit/selftest.h>
#include <pvkit/sites.h>
#include <pvkit/string.h>
#include <pvkit/trap-entry.h>
#include "helpers.h"

#define TEST_GDT_ENTRY	16	/* past every backend's own entries */
#define TEST_LDT_ENTRY	1
#define SEL_LDT		4	/* TI: the selector names an LDT entry */
#define SEL_RPL3	3
#define CR4_DE		(1UL << 3)	/* debugging extensions: harmless to flip */
#define DESC_TSS_BUSY	(1ULL << 41)	/* the CPU sets it when ltr loads the TSS */

#define DESC_TYPE(d)	((unsigned int)((d) >> 40) & 0xf)
#define TSS_BUSY_TYPE	0xb		/* 64-bit TSS, busy */

/*
 * Natively the GDT in use has the CPU's TSS: load_tr from the copy, with
 * the descriptor made not busy first (ltr needs that), must mark it busy
 * again.  Returns the descriptor's type after load_tr, or -1 when the TR
 * the CPU reports is not a GDT entry.
 */
static int reload_tr(uint64_t *gdt, const struct desc_ptr *old)
{
	unsigned int tr = arch_store_tr();

	if (!tr || tr + 8U > old->limit)
		return -1;
	arch_write_gdt_entry(gdt, tr / 8, gdt[tr / 8] & ~DESC_TSS_BUSY);
	arch_load_tr(tr);
	return (int)DESC_TYPE(gdt[tr / 8]);
}

SELFTEST(test_gdt_entry, "cpu.gdt_entry_loaded", NULL)
{
	unsigned long pfn = page_alloc(), flags;
	uint64_t *gdt = pfn_to_virt(pfn);
	struct desc_ptr old, test = { (TEST_GDT_ENTRY + 1) * 8 - 1, (uint64_t)gdt };
	/* On Xen PV, Xen's TSS serves the vCPU: there is none of ours to load. */
	bool own_tss = !arch_has_cap(PV_CAP_NO_GUEST_TSS);
	int tss_type = 0;
	long seen, after;

	CHECK(pfn, "page_alloc ran out");
	if (!pfn)
		return;
	flags = arch_local_irq_save();
	arch_store_gdt(&old);
	/* Natively the copy keeps the kernel's own selectors usable meanwhile. */
	if (old.base && old.limit < TEST_GDT_ENTRY * 8)
		memcpy(gdt, (const void *)old.base, old.limit + 1UL);
	arch_write_gdt_entry(gdt, TEST_GDT_ENTRY, desc_data_segment(0x12345));
	arch_load_gdt(&test);
	seen = segment_limit(TEST_GDT_ENTRY * 8 | SEL_RPL3);
	if (own_tss)
		tss_type = reload_tr(gdt, &old);
	arch_load_gdt(&old);
	after = segment_limit(TEST_GDT_ENTRY * 8 | SEL_RPL3);
	arch_local_irq_restore(flags);
	page_free(pfn);
	CHECK(old.limit < TEST_GDT_ENTRY * 8, "the GDT in use already has entry %d",
	      TEST_GDT_ENTRY);
	CHECK(seen == 0x12345, "through the loaded GDT the segment's limit is %#lx, want 0x12345",
	      seen);
	CHECK(after == -1, "with the old GDT back the entry is still there (limit %#lx)", after);
	if (!own_tss) {
		selftest_note("TR part skipped: Xen PV has no TSS of the guest's to load");
		return;
	}
	CHECK(tss_type >= 0, "store_tr gives no TSS selector in the GDT (TR %#x, limit %#x)",
	      arch_store_tr(), old.limit);
	CHECK(tss_type < 0 || tss_type == TSS_BUSY_TYPE,
	      "after load_tr the TSS descriptor's type is %#x, want %#x (busy)", tss_type,
	      TSS_BUSY_TYPE);
}

SELFTEST(test_ldt_entry, "cpu.ldt_entry_loaded", NULL)
{
	unsigned long pfn = page_alloc(), flags;
	uint64_t *ldt = pfn_to_virt(pfn);
	unsigned int sel = TEST_LDT_ENTRY * 8 | SEL_LDT | SEL_RPL3;
	long seen, after;

	CHECK(pfn, "page_alloc ran out");
	if (!pfn)
		return;
	flags = arch_local_irq_save();
	arch_write_ldt_entry(ldt, TEST_LDT_ENTRY, desc_data_segment(0x5432));
	arch_set_ldt(ldt, TEST_LDT_ENTRY + 1);
	seen = segment_limit(sel);
	arch_set_ldt(NULL, 0);
	after = segment_limit(sel);
	arch_local_irq_restore(flags);
	page_free(pfn);
	CHECK(seen == 0x5432, "through the LDT the segment's limit is %#lx, want 0x5432", seen);
	CHECK(after == -1, "with no LDT the entry is still there (limit %#lx)", after);
}

SELFTEST(test_write_cr4, "cpu.write_cr4_bit_reads_back", NULL)
{
	unsigned long flags = arch_local_irq_save();
	unsigned long cr4 = arch_read_cr4(), set, cleared;

	arch_write_cr4(cr4 ^ CR4_DE);
	set = arch_read_cr4();
	arch_write_cr4(cr4);
	cleared = arch_read_cr4();
	arch_local_irq_restore(flags);
	CHECK((set ^ cr4) == CR4_DE, "flipping CR4.DE read back %#lx from %#lx", set, cr4);
	CHECK(cleared == cr4, "CR4 read back %#lx after restoring %#lx", cleared, cr4);
}

/*
 * io_delay is a real wait natively (a direct call to the port write) and
 * nothing on Xen, whose sites the patcher turns into NOPs; both run, as
 * does wbinvd (which Xen emulates for a PV guest).
 */
SELFTEST(test_io_delay_wbinvd, "cpu.io_delay_sites_and_wbinvd", NULL)
{
	const void *fn = ((void *const *)&pv_ops)[PV_OP_io_delay];

	for (int i = 0; i < 10; i++)
		arch_io_delay();
	arch_wbinvd();
	if (fn == (const void *)paravirt_nop) {
		selftest_check_op_sites(PV_OP_io_delay, NULL, 0, paravirt_nop);
		return;
	}
	for_each_site(s) {
		unsigned long target = 0;
		enum site_form form;

		if (s->op != PV_OP_io_delay)
			continue;
		form = site_decode(s, &target);
		if (pvpatch_mode == PVPATCH_OFF)
			CHECK(form == SITE_INDIRECT, "io_delay site %#lx was patched",
			      (unsigned long)s->addr);
		else
			CHECK(form == SITE_DIRECT && target == (unsigned long)fn,
			      "io_delay site %#lx is not a direct call to %p", (unsigned long)s->addr,
			      fn);
	}
}

static unsigned int ud_seen;
static uint64_t ud_rip, ud_vector;

static void on_ud(struct trap_frame *f)
{
	ud_seen++;
	ud_rip = f->rip;
	ud_vector = f->vector;
	f->rip += 2;		/* past the ud2 */
}

static uint64_t raise_ud(void)
{
	uint64_t where;

	__asm__ __volatile__("1: ud2\n\t"
			     "lea 1b(%%rip), %0" : "=r"(where) :: "memory");
	return where;
}

SELFTEST(test_idt_entry, "cpu.idt_entry_and_iret", NULL)
{
	unsigned long pfn = page_alloc(), flags, cs;
	struct idt_gate *idt = pfn_to_virt(pfn), gate;
	struct desc_ptr old, test = { 256 * sizeof(struct idt_gate) - 1, (uint64_t)idt };
	uint64_t first, second;
	bool restored;

	CHECK(pfn, "page_alloc ran out");
	if (!pfn)
		return;
	cs = code_selector();
	ud_seen = 0;
	flags = arch_local_irq_save();
	arch_store_idt(&old);
	/* Natively the copy keeps every other vector where it was. */
	if (old.base)
		memcpy(idt, (const void *)old.base,
		       old.limit + 1UL < PAGE_SIZE ? old.limit + 1UL : PAGE_SIZE);
	core_trap_set_handler(CORE_TRAP_UD, on_ud);
	gate = idt_gate_make((unsigned long)core_trap_ud, (unsigned int)cs, GATE_INTERRUPT, 0);
	arch_write_idt_entry(idt, CORE_TRAP_UD, &gate);
	arch_load_idt(&test);
	first = raise_ud();
	/* Written while loaded: Xen must hear of it too. */
	gate = idt_gate_make((unsigned long)core_trap_ud, (unsigned int)cs, GATE_TRAP, 0);
	arch_write_idt_entry(idt, CORE_TRAP_UD, &gate);
	second = raise_ud();
	arch_load_idt(&old);
	restored = ud2_recovered();	/* the backend's own #UD path again */
	arch_local_irq_restore(flags);
	core_trap_set_handler(CORE_TRAP_UD, NULL);
	page_free(pfn);
	CHECK(ud_seen == 2, "the core's #UD handler ran %u times, want 2", ud_seen);
	CHECK(ud_rip == second && ud_vector == CORE_TRAP_UD, "handler saw rip %#lx vector %lu",
	      (unsigned long)ud_rip, (unsigned long)ud_vector);
	CHECK(first != second, "the two ud2 are one");
	CHECK(restored && ud_seen == 2, "with the old IDT back, #UD did not reach the backend");
}
