/* SPDX-License-Identifier: MIT */
/*
 * The virtual interrupt flag.  On Xen PV the interrupt flag is the vCPU's
 * evtchn_upcall_mask byte in vcpu_info; Xen enters xen_event_callback when
 * an event is pending and the mask is clear (the channels: xen-common/evtchn.c).
 */
#include <pvkit/compiler.h>
#include <pvkit/printk.h>
#include <xen-common/hypercall.h>
#include "xen.h"

/* Any hypercall returns through Xen's event check: a pending upcall runs. */
static void force_event_check(void)
{
	HYPERVISOR_xen_version(XENVER_version, NULL);
}

unsigned long xen_save_fl(void)
{
	return READ_ONCE(xen_this_vcpu()->evtchn_upcall_mask) ? 0 : X86_EFLAGS_IF;
}

void xen_restore_fl(unsigned long flags)
{
	if (flags & X86_EFLAGS_IF)
		xen_irq_enable();
	else
		xen_irq_disable();
}

void xen_irq_disable(void)
{
	xen_this_vcpu()->evtchn_upcall_mask = 1;
	barrier();
}

void xen_irq_enable(void)
{
	struct vcpu_info *v = xen_this_vcpu();

	v->evtchn_upcall_mask = 0;
	barrier();	/* unmask, then look: an event set in between is not lost */
	if (READ_ONCE(v->evtchn_upcall_pending))
		force_event_check();
}
