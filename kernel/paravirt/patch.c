/* SPDX-License-Identifier: MIT */
/*
 * The boot-time patcher: with interrupts off and before any other CPU runs,
 * ask the backend for each recorded site's code (or, with pvpatch=call,
 * only a direct call), fill the rest with NOPs and write it over the site.
 * Kernel text is writable only for this, and read-only from then on.
 */
#include <pvkit/arch.h>
#include <pvkit/patch.h>
#include <pvkit/printk.h>
#include <pvkit/string.h>

struct pv_patch_stats pv_patch_stats[PV_NR_SLOTS];
static unsigned int bench_copies;
enum pvpatch_mode pvpatch_mode = PVPATCH_INLINE;

static const char *const mode_names[] = {
	[PVPATCH_INLINE] = "inline",
	[PVPATCH_CALL] = "call",
	[PVPATCH_OFF] = "off",
};

/* The SysV ABI returns the 2-byte result in %ax; the site hands back %rax. */
static struct pv_patch_result backend_patch(const struct pv_site *s, uint8_t *buf)
{
	unsigned long raw = PVOP_CALL2(unsigned long, PV_SITE_CALL_LEN, init.patch, s, buf);
	struct pv_patch_result r;

	memcpy(&r, &raw, sizeof(r));
	return r;
}

static enum pvpatch_mode site_mode(const struct pv_site *s)
{
	switch (s->mode) {
	case PV_SITE_MODE_OFF:
		return PVPATCH_OFF;
	case PV_SITE_MODE_CALL:
		return PVPATCH_CALL;
	case PV_SITE_MODE_INLINE:
		return PVPATCH_INLINE;
	default:
		return pvpatch_mode;
	}
}

/* The site's code for its mode, in buf[0..s->len); returns what it is. */
static enum pv_patch_kind site_code(const struct pv_site *s, uint8_t buf[PV_SITE_MAX_LEN])
{
	return paravirt_site_code(s, site_mode(s), backend_patch, buf);
}

/* Writes the site's code; returns what it became. */
static enum pv_patch_kind patch_site(const struct pv_site *s)
{
	uint8_t buf[PV_SITE_MAX_LEN];
	enum pv_patch_kind kind = site_code(s, buf);

	if (kind != PV_PATCH_LEFT)
		memcpy((void *)s->addr, buf, s->len);
	return kind;
}

/*
 * After a resume the text is what was saved, but the platform under it
 * may not be: each patched site must still be exactly the code its op
 * gives now (the same %gs offset, the same targets).
 */
unsigned int paravirt_patch_verify(unsigned int *checked)
{
	unsigned int differ = 0;

	*checked = 0;
	for (const struct pv_site *s = __pv_sites_start; s < __pv_sites_end; s++) {
		uint8_t buf[PV_SITE_MAX_LEN];

		if (site_code(s, buf) == PV_PATCH_LEFT)
			continue;
		(*checked)++;
		if (memcmp((const void *)s->addr, buf, s->len)) {
			differ++;
			printk("pvkit: patch: site %#lx (%s) is not the code its op gives now\n",
			       s->addr, pv_op_name(s->op));
		}
	}
	return differ;
}

static void count(struct pv_patch_stats *st, enum pv_patch_kind kind)
{
	st->sites++;
	if (kind == PV_PATCH_INLINE)
		st->inlined++;
	else if (kind == PV_PATCH_CALL)
		st->calls++;
	else if (kind == PV_PATCH_NOP)
		st->nops++;
	else
		st->left++;
}

void paravirt_patch_report(void)
{
	unsigned int total = 0, inlined = 0, calls = 0, nops = 0, left = 0;

	for (unsigned int i = 0; i < pv_nr_ops; i++) {
		const struct pv_patch_stats *st = &pv_patch_stats[pv_op_descs[i].slot];

		if (!st->sites)
			continue;
		printk("pvkit: patch: %-17s sites=%-3u inlined=%-3u calls=%-3u nops=%-3u left=%u\n",
		       pv_op_descs[i].name, st->sites, st->inlined, st->calls, st->nops, st->left);
		total += st->sites;
		inlined += st->inlined;
		calls += st->calls;
		nops += st->nops;
		left += st->left;
	}
	printk("pvkit: patch: mode=%s sites=%u inlined=%u calls=%u nops=%u left=%u\n",
	       mode_names[pvpatch_mode], total, inlined, calls, nops, left);
	printk("pvkit: patch: %u benchmark copies of sites patched in their own modes\n",
	       bench_copies);
}

void paravirt_debug_wrap(void);

void paravirt_patch_all(void)
{
	unsigned long flags = arch_local_irq_save();
	struct cpuid_regs serialize = { 0 };

#ifdef DEBUG_PARAVIRT
	paravirt_debug_wrap();	/* before patching: direct calls reach the thunks too */
#endif
	arch_set_text_writable(true);
	for (const struct pv_site *s = __pv_sites_start; s < __pv_sites_end; s++) {
		enum pv_patch_kind kind = patch_site(s);

		/* The report is about the kernel's own sites, not benchmark copies. */
		if (s->mode == PV_SITE_MODE_BOOT)
			count(&pv_patch_stats[s->op], kind);
		else
			bench_copies++;
	}
	arch_set_text_writable(false);
	/* Modified code is fetched anew after a serializing instruction. */
	arch_cpuid(&serialize);
	arch_local_irq_restore(flags);
	paravirt_patch_report();
}
