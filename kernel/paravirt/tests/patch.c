/* SPDX-License-Identifier: MIT */
/* Every recorded site is in the form the pvpatch mode and the report say. */
#include <pvkit/arch.h>
#include <pvkit/patch.h>
#include <pvkit/selftest.h>
#include <pvkit/sites.h>

SELFTEST(test_sites_match_mode, "patch.sites_match_mode", NULL)
{
	struct pv_patch_stats seen[PV_NR_SLOTS] = { 0 };

	for_each_site(s) {
		unsigned long fn = (unsigned long)((void *const *)&pv_ops)[s->op];
		unsigned long target;
		enum site_form form = site_decode(s, &target);
		struct pv_patch_stats *st = &seen[s->op];

		if (s->mode != PV_SITE_MODE_BOOT)
			continue;	/* benchmark copies keep their own mode */
		st->sites++;
		if (form == SITE_INDIRECT) {
			st->left++;
			CHECK(target == fn, "site %#lx (%s) calls through the wrong slot",
			      (unsigned long)s->addr, pv_op_name(s->op));
		} else if (form == SITE_DIRECT) {
			st->calls++;
			CHECK(target == fn, "site %#lx (%s) calls %#lx, not the op %#lx",
			      (unsigned long)s->addr, pv_op_name(s->op), target, fn);
			CHECK(site_tail_is_nops(s, 5), "site %#lx: bytes after the call are not NOPs",
			      (unsigned long)s->addr);
		} else {
			st->inlined++;	/* inline code, or NOPs for a no-op */
		}
		if (pvpatch_mode == PVPATCH_OFF)
			CHECK(form == SITE_INDIRECT, "pvpatch=off but site %#lx was patched",
			      (unsigned long)s->addr);
		if (pvpatch_mode == PVPATCH_CALL)
			CHECK(form == SITE_DIRECT, "pvpatch=call but site %#lx is no direct call",
			      (unsigned long)s->addr);
	}
	for (unsigned int op = 0; op < PV_NR_SLOTS; op++) {
		const struct pv_patch_stats *r = &pv_patch_stats[op];

		CHECK(seen[op].sites == r->sites && seen[op].left == r->left &&
		      seen[op].calls == r->calls &&
		      seen[op].inlined == r->inlined + r->nops,
		      "%s: found %u sites (%u indirect, %u direct, %u other), report says "
		      "%u (%u left, %u calls, %u inlined, %u nops)", pv_op_name(op),
		      seen[op].sites, seen[op].left, seen[op].calls, seen[op].inlined,
		      r->sites, r->left, r->calls, r->inlined, r->nops);
	}
}
