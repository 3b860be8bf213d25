/* The native patch hook: irq sites get the instruction itself. */
#include <pvkit/patch.h>
#include "native.h"

#define TPL(op, clob) { PV_OP_##op, clob, native_tpl_##op, native_tpl_##op##_end }
#define DECLARE_TPL(op) extern const uint8_t native_tpl_##op[], native_tpl_##op##_end[]

DECLARE_TPL(irq_disable);
DECLARE_TPL(irq_enable);
DECLARE_TPL(save_fl);
DECLARE_TPL(restore_fl);
DECLARE_TPL(read_cr2);
DECLARE_TPL(iret);

const struct pv_template native_templates[] = {
	TPL(irq_disable, 0),
	TPL(irq_enable, 0),
	TPL(save_fl, PV_CLOBBER_RAX),
	TPL(restore_fl, 0),
	TPL(read_cr2, PV_CLOBBER_RAX),
	TPL(iret, PV_CLOBBER_ABI),
};
const size_t native_nr_templates = ARRAY_SIZE(native_templates);

struct pv_patch_result native_patch(const struct pv_site *s, uint8_t *buf)
{
	struct pv_patch_result r = paravirt_patch_template(native_templates,
							   native_nr_templates, s->op,
							   s->clobbers, buf, s->len);

	return r.kind != PV_PATCH_LEFT ? r : paravirt_patch_default(s->op, buf, s->addr, s->len);
}
