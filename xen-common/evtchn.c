/* SPDX-License-Identifier: MIT */
/*
 * Event channels, 2-level ABI: the pending and mask bitmaps in shared_info,
 * each vCPU's pending_sel and upcall_pending in its vcpu_info.  The
 * backend calls xen_evtchn_do_upcall from its upcall (Xen PV: the event
 * callback; PVH: the upcall vector), with events off on this vCPU.
 */
#include <pvkit/compiler.h>
#include <pvkit/printk.h>
#include <xen-common/fault.h>
#include <xen-common/hypercall.h>
#include <xen-common/xen-common.h>

#define NR_COUNTED_PORTS	64

shared_info_t *xen_shared_info;
struct vcpu_info *xen_vcpu;
bool xen_vcpu_info_percpu;
bool xen_vcpu_info_legacy;

static unsigned long event_count[NR_COUNTED_PORTS];
static void (*handlers[NR_COUNTED_PORTS])(evtchn_port_t port);
static unsigned int port_cpu[NR_COUNTED_PORTS];	/* the vCPU a port notifies */

/*
 * handler runs in the upcall on vCPU cpu (the one the port is bound to),
 * events masked, for each event on port.
 */
void xen_evtchn_set_handler_on(evtchn_port_t port, unsigned int cpu,
			       void (*handler)(evtchn_port_t))
{
	if (port >= NR_COUNTED_PORTS)
		panic("event channel %u is beyond the %d this kernel dispatches", port,
		      NR_COUNTED_PORTS);
	port_cpu[port] = cpu;
	handlers[port] = handler;
}

void xen_evtchn_set_handler(evtchn_port_t port, void (*handler)(evtchn_port_t))
{
	xen_evtchn_set_handler_on(port, 0, handler);
}

unsigned long xen_evtchn_count(evtchn_port_t port)
{
	return port < NR_COUNTED_PORTS ? READ_ONCE(event_count[port]) : 0;
}

long xen_evtchn_send(evtchn_port_t port)
{
	struct evtchn_send send = { .port = port };

	return HYPERVISOR_event_channel_op(EVTCHNOP_send, &send);
}

/* Every port starts masked; a user of a port unmasks it when ready for it. */
void xen_evtchn_init(void)
{
	for (size_t w = 0; w < ARRAY_SIZE(xen_shared_info->evtchn_mask); w++)
		WRITE_ONCE(xen_shared_info->evtchn_mask[w], ~0UL);
}

/* A restored domain has new port numbers: forget the old handlers. */
void xen_evtchn_resume(void)
{
	xen_evtchn_init();
	for (size_t p = 0; p < ARRAY_SIZE(handlers); p++) {
		handlers[p] = NULL;
		port_cpu[p] = 0;
	}
}

/*
 * What Xen does for EVTCHNOP_unmask, done here: clear the mask bit and,
 * if the port is pending, raise the upcall on this vCPU.
 */
static void unmask_here(evtchn_port_t port)
{
	unsigned int word = port / 64, bit = port % 64;
	struct vcpu_info *v = xen_this_vcpu();

	if (port >= EVTCHN_2L_NR_CHANNELS)
		return;
	__atomic_fetch_and(&xen_shared_info->evtchn_mask[word], ~(1UL << bit), __ATOMIC_SEQ_CST);
	if (READ_ONCE(xen_shared_info->evtchn_pending[word]) & (1UL << bit)) {
		__atomic_fetch_or(&v->evtchn_pending_sel, 1UL << word, __ATOMIC_SEQ_CST);
		WRITE_ONCE(v->evtchn_upcall_pending, 1);
	}
}

/*
 * EVTCHNOP_unmask, not a plain store: Xen re-raises an event that was
 * pending.  If Xen fails it, the failure is reported for user (what the
 * port is for), the port is unmasked here instead, and the error returned.
 */
long xen_evtchn_unmask(evtchn_port_t port, const char *user)
{
	struct evtchn_unmask unmask = { .port = port };
	bool injected = xen_fault(FORCE_XEN_EVTCHN);
	long rc = injected ? XEN_FAULT_RC : HYPERVISOR_event_channel_op(EVTCHNOP_unmask, &unmask);

	if (!rc)
		return 0;
	printk("pvkit: xen: EVTCHNOP_unmask(port %u, %s) failed (%ld)%s: unmasked in "
	       "shared_info instead\n", port, user, rc,
	       injected ? ", injected by fail=xen-evtchn" : "");
	unmask_here(port);
	return rc;
}

/* The two-level scan: pending_sel says which words of evtchn_pending to read. */
void __used xen_evtchn_do_upcall(void)
{
	shared_info_t *s = xen_shared_info;
	struct vcpu_info *v = xen_this_vcpu();
	unsigned int me = this_cpu_read(cpu);

	do {
		unsigned long sel;

		WRITE_ONCE(v->evtchn_upcall_pending, 0);
		sel = __atomic_exchange_n(&v->evtchn_pending_sel, 0, __ATOMIC_SEQ_CST);
		while (sel) {
			unsigned int word = (unsigned int)__builtin_ctzl(sel);
			unsigned long bits;

			sel &= sel - 1;
			bits = READ_ONCE(s->evtchn_pending[word]) & ~READ_ONCE(s->evtchn_mask[word]);
			while (bits) {
				unsigned int bit = (unsigned int)__builtin_ctzl(bits);
				evtchn_port_t p = word * 64 + bit;

				bits &= bits - 1;
				/* The word is shared: other vCPUs' ports are theirs to take. */
				if (p < NR_COUNTED_PORTS && port_cpu[p] != me)
					continue;
				__atomic_fetch_and(&s->evtchn_pending[word], ~(1UL << bit),
						   __ATOMIC_SEQ_CST);
				if (p >= NR_COUNTED_PORTS)
					continue;
				__atomic_fetch_add(&event_count[p], 1, __ATOMIC_RELAXED);
				if (handlers[p])
					handlers[p](p);
			}
		}
	} while (READ_ONCE(v->evtchn_upcall_pending));
}
