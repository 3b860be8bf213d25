/* SPDX-License-Identifier: MIT */
/* The native patch hook: irq sites get the instruction itself. */
#include <pvkit/patch.h>
#include "native.h"

PV_TEMPLATE_DECLARE(native, irq_disable);
PV_TEMPLATE_DECLARE(native, irq_enable);
PV_TEMPLATE_DECLARE(native, save_fl);
PV_TEMPLATE_DECLARE(native, restore_fl);
PV_TEMPLATE_DECLARE(native, read_cr2);
PV_TEMPLATE_DECLARE(native, iret);

/* Their code (templates.S) and the registers it destroys. */
const struct pv_template native_templates[] = {
	PV_TEMPLATE_ENTRY(native, irq_disable, 0),
	PV_TEMPLATE_ENTRY(native, irq_enable, 0),
	PV_TEMPLATE_ENTRY(native, save_fl, PV_CLOBBER_RAX),
	PV_TEMPLATE_ENTRY(native, restore_fl, 0),
	PV_TEMPLATE_ENTRY(native, read_cr2, PV_CLOBBER_RAX),
	PV_TEMPLATE_ENTRY(native, iret, PV_CLOBBER_ABI),
};
const size_t native_nr_templates = ARRAY_SIZE(native_templates);

struct pv_patch_result native_patch(const struct pv_site *s, uint8_t *buf)
{
	struct pv_patch_result r = paravirt_patch_template(native_templates,
							   native_nr_templates, s->op,
							   s->clobbers, buf, s->len);

	return r.kind != PV_PATCH_LEFT ? r : paravirt_patch_default(s->op, buf, s->addr, s->len);
}
