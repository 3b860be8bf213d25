/*
 * The Xen patch hook.  With vcpu_info in the per-cpu area, irq_disable
 * becomes "movb $1,%gs:mask" (9 bytes) in place, and irq_enable (28-byte
 * sites) the unmask, the pending test and a call through %gs taken only
 * when an event waits; save_fl and restore_fl become direct calls to the
 * %gs asm functions.
 */
#include <pvkit/patch.h>
#include "xen.h"

extern const uint8_t xen_tpl_irq_disable[], xen_tpl_irq_disable_end[];
extern const uint8_t xen_tpl_read_cr2[], xen_tpl_read_cr2_end[];
extern const uint8_t xen_tpl_irq_enable[], xen_tpl_irq_enable_end[];
extern const uint8_t xen_tpl_adjust_exception_frame[], xen_tpl_adjust_exception_frame_end[];

const struct pv_template xen_templates[] = {
	{ PV_OP_irq_disable, 0, xen_tpl_irq_disable, xen_tpl_irq_disable_end },
	{ PV_OP_irq_enable, PV_CLOBBER_RAX, xen_tpl_irq_enable, xen_tpl_irq_enable_end },
	{ PV_OP_read_cr2, PV_CLOBBER_RAX, xen_tpl_read_cr2, xen_tpl_read_cr2_end },
	{ PV_OP_adjust_exception_frame, PV_CLOBBER_RCX | PV_CLOBBER_R11,
	  xen_tpl_adjust_exception_frame, xen_tpl_adjust_exception_frame_end },
};
const size_t xen_nr_templates = ARRAY_SIZE(xen_templates);

bool xen_vcpu_info_percpu;

struct pv_patch_result xen_patch(const struct pv_site *s, uint8_t *buf)
{
	struct pv_patch_result r = { 0, PV_PATCH_LEFT };

	/* These templates address the per-cpu copy: useless if Xen does not use it. */
	bool needs_percpu = s->op == PV_OP_irq_disable || s->op == PV_OP_irq_enable ||
			    s->op == PV_OP_read_cr2;

	if (xen_vcpu_info_percpu || !needs_percpu)
		r = paravirt_patch_template(xen_templates, xen_nr_templates, s->op,
					    s->clobbers, buf, s->len);
	return r.kind != PV_PATCH_LEFT ? r : paravirt_patch_default(s->op, buf, s->addr, s->len);
}
