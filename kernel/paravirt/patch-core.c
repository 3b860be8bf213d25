/* SPDX-License-Identifier: MIT */
/* Building the bytes of a patched site (host-tested in tests/unit/test_patch.c). */
#include <pvkit/patch.h>
#include <pvkit/string.h>

/* Intel SDM vol. 2B, "NOP": the recommended forms, 1 to 9 bytes. */
static const uint8_t nops[9][9] = {
	{ 0x90 },
	{ 0x66, 0x90 },
	{ 0x0f, 0x1f, 0x00 },
	{ 0x0f, 0x1f, 0x40, 0x00 },
	{ 0x0f, 0x1f, 0x44, 0x00, 0x00 },
	{ 0x66, 0x0f, 0x1f, 0x44, 0x00, 0x00 },
	{ 0x0f, 0x1f, 0x80, 0x00, 0x00, 0x00, 0x00 },
	{ 0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00 },
	{ 0x66, 0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00 },
};

void paravirt_fill_nops(uint8_t *buf, unsigned int len)
{
	while (len) {
		unsigned int n = len > 9 ? 9 : len;

		memcpy(buf, nops[n - 1], n);
		buf += n;
		len -= n;
	}
}

struct pv_patch_result paravirt_patch_call(uint8_t *buf, unsigned long addr,
					   unsigned int len, unsigned long target)
{
	long rel = (long)(target - (addr + 5));
	int32_t rel32 = (int32_t)rel;

	if (len < 5 || rel != rel32)
		return (struct pv_patch_result) { 0, PV_PATCH_LEFT };
	buf[0] = 0xe8;
	memcpy(buf + 1, &rel32, 4);
	return (struct pv_patch_result) { 5, PV_PATCH_CALL };
}

struct pv_patch_result paravirt_patch_default(unsigned int op, uint8_t *buf,
					      unsigned long addr, unsigned int len)
{
	unsigned long target = (unsigned long)((void *const *)&pv_ops)[op];

	if (target == (unsigned long)paravirt_nop)
		return (struct pv_patch_result) { 0, PV_PATCH_NOP };
	return paravirt_patch_call(buf, addr, len, target);
}

struct pv_patch_result paravirt_patch_template(const struct pv_template *t, size_t n,
					       unsigned int op, unsigned int clobbers,
					       uint8_t *buf, unsigned int len)
{
	for (size_t i = 0; i < n; i++) {
		size_t size = (size_t)(t[i].end - t[i].start);

		if (t[i].op != op)
			continue;
		if (size > len || (t[i].clobbers & ~clobbers))
			break;
		memcpy(buf, t[i].start, size);
		return (struct pv_patch_result) { (uint8_t)size, PV_PATCH_INLINE };
	}
	return (struct pv_patch_result) { 0, PV_PATCH_LEFT };
}

enum pv_patch_kind paravirt_site_code(const struct pv_site *s, enum pvpatch_mode mode,
				      pv_patch_hook hook, uint8_t buf[PV_SITE_MAX_LEN])
{
	struct pv_patch_result r;

	if (mode == PVPATCH_OFF || s->len > PV_SITE_MAX_LEN || s->op >= PV_NR_SLOTS)
		return PV_PATCH_LEFT;
	if (mode == PVPATCH_CALL)
		r = paravirt_patch_call(buf, s->addr, s->len,
					(unsigned long)((void *const *)&pv_ops)[s->op]);
	else
		r = hook(s, buf);
	if (r.kind == PV_PATCH_LEFT || r.len > s->len)
		return PV_PATCH_LEFT;
	paravirt_fill_nops(buf + r.len, s->len - r.len);
	return (enum pv_patch_kind)r.kind;
}
