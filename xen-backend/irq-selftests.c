/* SPDX-License-Identifier: MIT */
/*
 * Self-tests of Xen PV's inline save_fl and restore_fl: the bytes at every
 * site, the callee-save contract with an event pending, and nested
 * irqsave sections delivering only at the outermost restore.
 */
#include <pvkit/arch.h>
#include <pvkit/patch.h>
#include <pvkit/percpu.h>
#include <pvkit/selftest.h>
#include <pvkit/sites.h>
#include <xen-common/hypercall.h>
#include "xen.h"

/*
 * The expected bytes, written out here rather than read from the
 * templates, so a changed template fails the test:
 *   cmpb $1,%gs:0x41; sbb %eax,%eax; and $0x200,%eax
 */
static const uint8_t save_fl_code[PV_SITE_SAVE_FL_LEN] = {
	0x65, 0x80, 0x3c, 0x25, PERCPU_PLATFORM_OFFSET + 1, 0, 0, 0, 0x01,
	0x19, 0xc0,
	0x25, 0x00, 0x02, 0x00, 0x00,
};

/*
 * bt $9,%edi; setnc %gs:0x41; jnc end; testb $0xff,%gs:0x40; jz end;
 * call *%gs:0x18; end:
 */
static const uint8_t restore_fl_code[PV_SITE_RESTORE_FL_LEN] = {
	0x0f, 0xba, 0xe7, 0x09,
	0x65, 0x0f, 0x93, 0x04, 0x25, PERCPU_PLATFORM_OFFSET + 1, 0, 0, 0,
	0x73, 0x13,
	0x65, 0xf6, 0x04, 0x25, PERCPU_PLATFORM_OFFSET, 0, 0, 0, 0xff,
	0x74, 0x08,
	0x65, 0xff, 0x14, 0x25, PERCPU_PLATFORM_CALL_OFFSET, 0, 0, 0,
};

/* Without a per-cpu vcpu_info no template fits: the sites stay calls. */
SELFTEST(test_xen_save_fl_sites, "xen.save_fl_sites", "xen-pv")
{
	if (xen_vcpu_info_legacy) {
		xen_check_sites_call_op(PV_OP_save_fl);
		return;
	}
	selftest_check_op_sites(PV_OP_save_fl, save_fl_code, sizeof(save_fl_code),
				xen_save_fl_percpu);
}

SELFTEST(test_xen_restore_fl_sites, "xen.restore_fl_sites", "xen-pv")
{
	if (xen_vcpu_info_legacy) {
		xen_check_sites_call_op(PV_OP_restore_fl);
		return;
	}
	selftest_check_op_sites(PV_OP_restore_fl, restore_fl_code, sizeof(restore_fl_code),
				xen_restore_fl_percpu);
}

/* An IPI channel to this vCPU, unmasked; 0 if Xen refused it. */
static evtchn_port_t self_ipi(void)
{
	struct evtchn_bind_ipi bind = { .vcpu = this_cpu_read(cpu) };
	long rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_ipi, &bind);

	CHECK(rc == 0, "EVTCHNOP_bind_ipi failed: %ld", rc);
	if (rc)
		return 0;
	rc = xen_evtchn_unmask(bind.port, "irq-site self-test IPI");
	CHECK(rc == 0, "EVTCHNOP_unmask(port %u) failed: %ld", bind.port, rc);
	return bind.port;
}

static void close_port(evtchn_port_t port)
{
	struct evtchn_close close = { .port = port };

	HYPERVISOR_event_channel_op(EVTCHNOP_close, &close);
}

/*
 * irq.sites_keep_registers' probes with an event pending: irq_disable,
 * save_fl and restore_fl(0) keep every register but %rax and deliver
 * nothing; restore_fl(IF) unmasks, sees the pending byte and calls
 * *%gs:0x18 (or the op), whose upcall must keep them too.  The handler's
 * count shows the delivery happened inside that probe only.
 */
SELFTEST(test_xen_restore_fl_pending_keeps_registers,
	 "xen.restore_fl_pending_keeps_registers", "xen-pv")
{
	evtchn_port_t port = self_ipi();
	unsigned long flags, before;
	bool pending;
	long rc;

	if (!port)
		return;
	flags = arch_local_irq_save();
	before = xen_evtchn_count(port);
	rc = xen_evtchn_send(port);
	selftest_check_masking_irq_sites_keep_registers();
	pending = READ_ONCE(xen_this_vcpu()->evtchn_upcall_pending);
	CHECK(xen_evtchn_count(port) == before, "a masking irq site delivered the event");
	selftest_check_restore_fl_on_keeps_registers();
	arch_local_irq_disable();
	CHECK(rc == 0, "EVTCHNOP_send failed: %ld", rc);
	CHECK(pending, "event not pending after the masking sites");
	CHECK(xen_evtchn_count(port) == before + 1,
	      "the probe's restore_fl did not run the handler (count %lu, want %lu)",
	      xen_evtchn_count(port), before + 1);
	arch_local_irq_restore(flags);
	close_port(port);
}

/*
 * Nested irqsave sections with an event arriving in the inner one: the
 * inner restore leaves events masked and the event waiting; the outer
 * restore unmasks and delivers it; save_fl reads each state back.
 */
SELFTEST(test_xen_nested_irqsave, "xen.nested_irqsave_delivers_at_outer_restore", "xen-pv")
{
	const volatile uint8_t *mask = &xen_this_vcpu()->evtchn_upcall_mask;
	evtchn_port_t port = self_ipi();
	unsigned long saved, outer, inner, before;

	if (!port)
		return;
	saved = arch_local_irq_save();
	arch_local_irq_restore(X86_EFLAGS_IF);
	CHECK(arch_local_save_flags() == X86_EFLAGS_IF, "save_fl %#lx with events on",
	      arch_local_save_flags());
	outer = arch_local_irq_save();
	inner = arch_local_irq_save();
	before = xen_evtchn_count(port);
	xen_evtchn_send(port);
	CHECK(outer == X86_EFLAGS_IF && inner == 0, "saved flags %#lx then %#lx", outer, inner);
	arch_local_irq_restore(inner);
	CHECK(*mask == 1 && arch_local_save_flags() == 0, "mask %u, save_fl %#lx after the "
	      "inner restore", *mask, arch_local_save_flags());
	CHECK(xen_evtchn_count(port) == before, "the inner restore delivered the event");
	CHECK(READ_ONCE(xen_this_vcpu()->evtchn_upcall_pending), "the event is not pending");
	arch_local_irq_restore(outer);
	CHECK(*mask == 0 && arch_local_save_flags() == X86_EFLAGS_IF,
	      "mask %u, save_fl %#lx after the outer restore", *mask, arch_local_save_flags());
	CHECK(xen_evtchn_count(port) == before + 1,
	      "the outer restore did not deliver (count %lu, want %lu)",
	      xen_evtchn_count(port), before + 1);
	arch_local_irq_restore(saved);
	close_port(port);
}
