/* Self-tests that only mean something on Xen PV. */
#include <pvkit/arch.h>
#include <pvkit/printk.h>
#include <pvkit/selftest.h>
#include "hypercall.h"
#include "xen.h"

#define WAIT_NS 2000000000ULL

/*
 * xenconsoled signals the console channel after it takes our output, so a
 * flush followed by a halt with events enabled must see an event arrive
 * through the upcall: the ring, the channel and the callback.  The wait
 * yields rather than blocks, so a silent back-end cannot hang the boot.
 */
SELFTEST(test_console_ring_event, "xen.console_event_upcall", "xen-pv")
{
	evtchn_port_t port = xen_console_port();
	unsigned long before = xen_evtchn_count(port);
	unsigned long flags = arch_local_irq_save();
	uint64_t start;

	printk("pvkit: xen: waiting for the console back-end's event on port %u\n", port);
	CHECK(xen_console_flush(WAIT_NS), "xenconsoled did not drain the ring in 2 s");
	start = arch_clock_ns();
	arch_local_irq_enable();
	while (xen_evtchn_count(port) == before && arch_clock_ns() - start < WAIT_NS)
		HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
	arch_local_irq_restore(flags);
	CHECK(xen_evtchn_count(port) > before, "no event on the console channel in 2 s");
}
