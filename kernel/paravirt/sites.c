/* SPDX-License-Identifier: MIT */
/* Decoding recorded call sites (the self-tests check the patcher's work). */
#include <pvkit/patch.h>
#include <pvkit/selftest.h>
#include <pvkit/sites.h>
#include <pvkit/string.h>

enum site_form site_decode(const struct pv_site *s, unsigned long *target)
{
	const uint8_t *p = (const uint8_t *)s->addr;
	int32_t rel;

	memcpy(&rel, p + (p[0] == 0xe8 ? 1 : 2), 4);
	if (p[0] == 0xff && p[1] == 0x15) {
		/* RIP-relative: the slot the call reads its target from. */
		const void *const *slot = (const void *const *)(s->addr + 6 + rel);

		*target = (unsigned long)*slot;
		return SITE_INDIRECT;
	}
	if (p[0] == 0xe8) {
		*target = s->addr + 5 + rel;
		return SITE_DIRECT;
	}
	*target = 0;
	return SITE_OTHER;
}

bool site_tail_is_nops(const struct pv_site *s, unsigned int from)
{
	uint8_t want[PV_SITE_MAX_LEN];

	if (from > s->len)
		return false;
	paravirt_fill_nops(want, s->len - from);
	return !memcmp((const uint8_t *)s->addr + from, want, s->len - from);
}

void selftest_check_op_sites(unsigned int op, const uint8_t *inline_code, size_t n,
			     const void *call_fn)
{
	unsigned int count = 0;

#ifdef DEBUG_PARAVIRT
	call_fn = ((void *const *)&pv_ops)[op];	/* calls reach the poisoning thunk */
#endif
	for_each_site(s) {
		unsigned long target;
		enum site_form form;

		if (s->op != op || s->mode != PV_SITE_MODE_BOOT)
			continue;
		count++;
		form = site_decode(s, &target);
		if (pvpatch_mode == PVPATCH_INLINE)
			CHECK(s->len >= n && !memcmp((const void *)s->addr, inline_code, n) &&
			      site_tail_is_nops(s, (unsigned int)n),
			      "%s site %#lx is not the %zu-byte template + NOPs", pv_op_name(op),
			      (unsigned long)s->addr, n);
		else if (pvpatch_mode == PVPATCH_CALL)
			CHECK(form == SITE_DIRECT && target == (unsigned long)call_fn,
			      "%s site %#lx is not a direct call to %p", pv_op_name(op),
			      (unsigned long)s->addr, call_fn);
		else
			CHECK(form == SITE_INDIRECT, "%s site %#lx was patched", pv_op_name(op),
			      (unsigned long)s->addr);
	}
	CHECK(count > 0, "no %s sites recorded", pv_op_name(op));
}
