/* SPDX-License-Identifier: MIT */
/*
 * Boot-time patching of the recorded pv-op call sites.  patch-core.c is
 * pure (it only fills buffers) so the host unit tests run it as is.
 */
#ifndef PVKIT_PATCH_H
#define PVKIT_PATCH_H

#include <pvkit/paravirt.h>


enum pvpatch_mode {
	PVPATCH_INLINE,		/* default: the backend's own code where it has some */
	PVPATCH_CALL,		/* direct calls only (Linux's way for Xen PV) */
	PVPATCH_OFF,		/* every site stays an indirect call */
};

/* A backend's inline code for an op, assembled into .rodata (data, not text). */
struct pv_template {
	uint16_t op;		/* slot */
	uint16_t clobbers;	/* registers the code destroys */
	const uint8_t *start, *end;
};

/*
 * The C side of a PV_TEMPLATE (<pvkit/patch-template.h>): its bounds, and
 * its entry in the backend's table.
 */
#define PV_TEMPLATE_DECLARE(backend, op)				\
	extern const uint8_t backend##_tpl_##op[], backend##_tpl_##op##_end[]
#define PV_TEMPLATE_ENTRY(backend, op, clobbers)			\
	{ PV_OP_##op, clobbers, backend##_tpl_##op, backend##_tpl_##op##_end }

/* The op that does nothing: a site calling it becomes NOPs. */
void paravirt_nop(void);

/* Fills buf[0..len) with the recommended multi-byte NOPs (Intel SDM, NOP). */
void paravirt_fill_nops(uint8_t *buf, unsigned int len);

/* A direct "call target" at addr: CALL, or LEFT if it does not fit. */
struct pv_patch_result paravirt_patch_call(uint8_t *buf, unsigned long addr,
					   unsigned int len, unsigned long target);

/* Default for any backend: NOPs for paravirt_nop, else a direct call. */
struct pv_patch_result paravirt_patch_default(unsigned int op, uint8_t *buf,
					      unsigned long addr, unsigned int len);

/* The template for op if there is one that fits and clobbers only what it may. */
struct pv_patch_result paravirt_patch_template(const struct pv_template *t, size_t n,
					       unsigned int op, unsigned int clobbers,
					       uint8_t *buf, unsigned int len);

/* A backend's patch hook (struct pv_init_ops' patch). */
typedef struct pv_patch_result (*pv_patch_hook)(const struct pv_site *site, uint8_t *buf);

/*
 * A site's code for a mode in buf[0..s->len): the hook's code (or, in
 * PVPATCH_CALL, a direct call) and NOPs to the end; returns what it is.
 * A site too long, an unknown op or a result longer than the site is LEFT.
 */
enum pv_patch_kind paravirt_site_code(const struct pv_site *s, enum pvpatch_mode mode,
				      pv_patch_hook hook, uint8_t buf[PV_SITE_MAX_LEN]);

struct pv_patch_stats {
	unsigned int sites, inlined, calls, nops, left;
};

extern struct pv_patch_stats pv_patch_stats[PV_NR_SLOTS];
extern enum pvpatch_mode pvpatch_mode;

/* The per-op statistics of the boot's patching (also the shell's "patch"). */
void paravirt_patch_report(void);

/* Patches every site per pvpatch_mode, then leaves kernel text read-only. */
void paravirt_patch_all(void);

/*
 * Sites whose bytes differ from what their op gives now (each is named);
 * *checked counts the patched ones.
 */
unsigned int paravirt_patch_verify(unsigned int *checked);

#endif
