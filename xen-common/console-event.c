/* SPDX-License-Identifier: MIT */
/*
 * The console back-end's event as a probe of the whole event path: both Xen
 * self-tests (PV through the callback, PVH through the upcall vector) wait
 * for it the same way.
 */
#include <pvkit/arch.h>
#include <xen/sched.h>
#include <xen-common/hypercall.h>
#include <xen-common/xen-common.h>

/*
 * xenconsoled signals the console channel after it takes our output, so a
 * flush followed by a wait with interrupts on must see one event arrive.
 * The wait yields rather than blocks, so a silent back-end cannot hang the
 * boot.  Returns NULL, or what went wrong.
 */
const char *xen_console_event_wait(uint64_t timeout_ns)
{
	evtchn_port_t port = xen_console_port();
	unsigned long before = xen_evtchn_count(port);
	unsigned long flags = arch_local_irq_save();
	uint64_t start;

	if (!xen_console_flush(timeout_ns)) {
		arch_local_irq_restore(flags);
		return "xenconsoled did not drain the ring in time";
	}
	start = arch_clock_ns();
	arch_local_irq_enable();
	while (xen_evtchn_count(port) == before && arch_clock_ns() - start < timeout_ns)
		HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
	arch_local_irq_restore(flags);
	return xen_evtchn_count(port) > before ? NULL : "no event on the console channel in time";
}
