/* SPDX-License-Identifier: MIT */
/*
 * The Xen patch hook.  With vcpu_info in the per-cpu area, irq_disable
 * becomes "movb $1,%gs:mask" (9 bytes) in place, save_fl (16-byte sites)
 * the mask read turned into X86_EFLAGS_IF, and irq_enable (28) and
 * restore_fl (34) the store of the mask and, when it unmasks, the pending
 * test and a call through %gs taken only when an event waits.  Without it
 * (Xen refused the registration) every irq op is a direct call.
 */
#include <pvkit/patch.h>
#include "xen.h"

PV_TEMPLATE_DECLARE(xen, irq_disable);
PV_TEMPLATE_DECLARE(xen, irq_enable);
PV_TEMPLATE_DECLARE(xen, save_fl);
PV_TEMPLATE_DECLARE(xen, restore_fl);
PV_TEMPLATE_DECLARE(xen, read_cr2);
PV_TEMPLATE_DECLARE(xen, adjust_exception_frame);

/* Their code (templates.S) and the registers it destroys. */
const struct pv_template xen_templates[] = {
	PV_TEMPLATE_ENTRY(xen, irq_disable, 0),
	PV_TEMPLATE_ENTRY(xen, irq_enable, PV_CLOBBER_RAX),
	PV_TEMPLATE_ENTRY(xen, save_fl, PV_CLOBBER_RAX),
	PV_TEMPLATE_ENTRY(xen, restore_fl, PV_CLOBBER_RAX),
	PV_TEMPLATE_ENTRY(xen, read_cr2, PV_CLOBBER_RAX),
	PV_TEMPLATE_ENTRY(xen, adjust_exception_frame, PV_CLOBBER_RCX | PV_CLOBBER_R11),
};
const size_t xen_nr_templates = ARRAY_SIZE(xen_templates);

struct pv_patch_result xen_patch(const struct pv_site *s, uint8_t *buf)
{
	struct pv_patch_result r = { 0, PV_PATCH_LEFT };

	/* These templates address the per-cpu copy: useless if Xen does not use it. */
	bool needs_percpu = s->op == PV_OP_irq_disable || s->op == PV_OP_irq_enable ||
			    s->op == PV_OP_save_fl || s->op == PV_OP_restore_fl ||
			    s->op == PV_OP_read_cr2;

	if (xen_vcpu_info_percpu || !needs_percpu)
		r = paravirt_patch_template(xen_templates, xen_nr_templates, s->op,
					    s->clobbers, buf, s->len);
	return r.kind != PV_PATCH_LEFT ? r : paravirt_patch_default(s->op, buf, s->addr, s->len);
}
