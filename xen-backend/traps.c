/* SPDX-License-Identifier: MIT */
/*
 * The PV trap table: Xen bounces our exceptions to these handlers, which
 * hand them to the core's trap_dispatch() (an exception-table fixup, or a
 * report and a panic, so a fault shows in the console log and not only in
 * Xen's).  Also the IDT ops, which turn gates into trap-table entries.
 */
#include <pvkit/desc.h>
#include <pvkit/percpu.h>
#include <pvkit/printk.h>
#include <pvkit/spinlock.h>
#include <pvkit/trapframe.h>
#include <xen-common/hypercall.h>
#include "xen.h"

#define NR_EXCEPTIONS	32

extern const uint64_t xen_exception_stubs[NR_EXCEPTIONS];

void xen_traps_init(void)
{
	static struct trap_info table[NR_EXCEPTIONS + 1];
	long rc;

	for (unsigned int v = 0; v < NR_EXCEPTIONS; v++) {
		table[v] = (struct trap_info) {
			.vector = (uint8_t)v,
			.cs = FLAT_KERNEL_CS,
			.address = xen_exception_stubs[v],
		};
		TI_SET_IF(&table[v], 1);	/* enter with events masked */
		/* int3 and into may be raised on purpose at any privilege. */
		if (v == 3 || v == 4)
			TI_SET_DPL(&table[v], 3);
	}
	rc = HYPERVISOR_set_trap_table(table);
	if (rc)
		panic("set_trap_table failed: %ld", rc);
}

void __used xen_exception(struct trap_frame *f)
{
	trap_dispatch(f, xen_this_vcpu()->arch.cr2);
}

void __used xen_failsafe(const uint64_t *frame)
{
	panic("Xen failsafe callback: could not return to rip %#lx", frame[4]);
}

/*
 * The IDT ops.  A PV guest has no IDT: Xen delivers exceptions through the
 * trap table, one entry per vector (handler, code selector, DPL, whether
 * events are masked on entry), so a loaded IDT is turned into those
 * entries (present gates only: a trap table has no way to say "none").
 * The table stays ours in memory: write_idt_entry changes it and, if it is
 * loaded, that one vector in Xen.  Loading "no table" (base 0) puts this
 * backend's own exception entries back.
 */
static struct desc_ptr idt_loaded[MAX_CPUS];
static spinlock_t list_lock;

static void gate_to_trap(unsigned int vector, const struct idt_gate *g, struct trap_info *t)
{
	*t = (struct trap_info) {
		.vector = (uint8_t)vector,
		.cs = FLAT_KERNEL_CS,
		.address = idt_gate_present(g) ? idt_gate_handler(g) : 0,
	};
	TI_SET_DPL(t, idt_gate_dpl(g));
	TI_SET_IF(t, idt_gate_type(g) == GATE_INTERRUPT);
}

static void set_traps(const struct trap_info *list)
{
	long rc = HYPERVISOR_set_trap_table(list);

	if (rc)
		panic("set_trap_table from an IDT failed: %ld", rc);
}

void xen_load_idt(const struct desc_ptr *dtr)
{
	const struct idt_gate *idt = (const struct idt_gate *)dtr->base;
	unsigned int n = dtr->base ? (dtr->limit + 1U) / sizeof(*idt) : 0;
	static struct trap_info list[257];	/* an entry with address 0 ends it */
	unsigned long flags;
	unsigned int k = 0;

	idt_loaded[this_cpu_read(cpu)] = *dtr;
	if (!n) {
		xen_traps_init();
		return;
	}
	flags = spin_lock_irqsave(&list_lock);
	for (unsigned int v = 0; v < n && v < 256; v++)
		if (idt_gate_present(&idt[v]))
			gate_to_trap(v, &idt[v], &list[k++]);
	list[k] = (struct trap_info) { 0 };
	set_traps(list);
	spin_unlock_irqrestore(&list_lock, flags);
}

void xen_store_idt(struct desc_ptr *dtr)
{
	*dtr = idt_loaded[this_cpu_read(cpu)];
}

void xen_write_idt_entry(struct idt_gate *idt, unsigned int vector, const struct idt_gate *gate)
{
	const struct desc_ptr *loaded = &idt_loaded[this_cpu_read(cpu)];
	struct trap_info list[2] = { { 0 } };

	idt[vector] = *gate;
	if (loaded->base != (uint64_t)idt)
		return;
	gate_to_trap(vector, gate, &list[0]);
	set_traps(list);
}
