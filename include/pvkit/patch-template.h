/* SPDX-License-Identifier: MIT */
/*
 * For a backend's templates.S (assembly only, no other header needed, so
 * the host unit tests assemble the templates as they are).
 */
#ifndef PVKIT_PATCH_TEMPLATE_H
#define PVKIT_PATCH_TEMPLATE_H

/*
 * A backend's inline code for an op, in its templates.S:
 *	PV_TEMPLATE <backend>, <op>
 *	  instructions
 *	PV_TEMPLATE_END <backend>, <op>
 * assembles them into .rodata.pv_templates (data, never executed there)
 * between <backend>_tpl_<op> and <backend>_tpl_<op>_end.
 */
.macro PV_TEMPLATE backend, op
	.pushsection .rodata.pv_templates, "a"
	.globl \backend\()_tpl_\op, \backend\()_tpl_\op\()_end
\backend\()_tpl_\op:
.endm
.macro PV_TEMPLATE_END backend, op
\backend\()_tpl_\op\()_end:
	.popsection
.endm

#endif
