/* SPDX-License-Identifier: MIT */
/* Reading back recorded call sites, for the self-tests. */
#ifndef PVKIT_SITES_H
#define PVKIT_SITES_H

#include <pvkit/paravirt.h>

enum site_form {
	SITE_INDIRECT,		/* call *pv_ops+slot(%rip), as compiled */
	SITE_DIRECT,		/* call rel32 */
	SITE_OTHER,		/* inline code or NOPs */
};

/* The form of the code at s; *target is the function a call reaches. */
enum site_form site_decode(const struct pv_site *s, unsigned long *target);

/* True if bytes [from, len) of site s are NOPs as the patcher writes them. */
bool site_tail_is_nops(const struct pv_site *s, unsigned int from);

/*
 * Self-test helper: every site of op is, per pvpatch mode, inline_code
 * followed by NOPs, a direct call to call_fn, or the unpatched indirect call.
 */
void selftest_check_op_sites(unsigned int op, const uint8_t *inline_code, size_t n,
			     const void *call_fn);

/*
 * Self-test helper (kernel/paravirt/tests/clobber.c): runs the irq_enable probe site
 * and fails the running test for each register but %rax it changed.
 */
void selftest_check_irq_enable_keeps_registers(void);
/* The same for the irq_disable, save_fl and restore_fl(0) probe sites (none unmasks). */
void selftest_check_masking_irq_sites_keep_registers(void);
/* The same for the restore_fl probe site given X86_EFLAGS_IF (it unmasks). */
void selftest_check_restore_fl_on_keeps_registers(void);

#define for_each_site(s)						\
	for (const struct pv_site *s = __pv_sites_start; s < __pv_sites_end; s++)

#endif
