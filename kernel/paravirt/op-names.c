/* SPDX-License-Identifier: MIT */
/* The op names, from the one list in paravirt.h. */
#include <pvkit/paravirt.h>

#define __PV_OP_DESC(group_, op_) { PV_SLOT(group_, op_), #group_, #op_ },
const struct pv_op_desc pv_op_descs[] = { PV_OP_LIST(__PV_OP_DESC) };
#undef __PV_OP_DESC

const unsigned int pv_nr_ops = sizeof(pv_op_descs) / sizeof(pv_op_descs[0]);

const char *pv_op_name(unsigned int slot)
{
	for (unsigned int i = 0; i < pv_nr_ops; i++)
		if (pv_op_descs[i].slot == slot)
			return pv_op_descs[i].name;
	return "?";
}
