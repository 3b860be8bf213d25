/*
 * The PV trap table: Xen bounces our exceptions to these handlers.  Until
 * the full trap layer they report the fault and panic, so a fault shows in
 * the console log instead of only in Xen's.
 */
#include <pvkit/printk.h>
#include <pvkit/trapframe.h>
#include "hypercall.h"
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
