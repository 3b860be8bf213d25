/* SPDX-License-Identifier: MIT */
/*
 * The patcher (paravirt_site_code, kernel/paravirt/patch-core.c) with both
 * backends' hooks (native and Xen PV) on random site records and random
 * op targets.  Every site it patches must decode (Capstone) into whole
 * instructions that end inside the site and are, after the code, only
 * NOPs; the code must be the op's template (INLINE), a direct call to the
 * op's function (CALL) or nothing (NOP, for paravirt_nop).  Anything else
 * aborts.  Input: records of 20 bytes (see struct record).
 */
#include <capstone/capstone.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pvkit/patch.h>

/* What the hooks link against in the kernel. */
struct paravirt_ops pv_ops;
void paravirt_nop(void) {}
bool xen_vcpu_info_percpu;
struct pv_patch_result native_patch(const struct pv_site *site, uint8_t *buf);
struct pv_patch_result xen_patch(const struct pv_site *site, uint8_t *buf);
extern const struct pv_template native_templates[], xen_templates[];
extern const size_t native_nr_templates, xen_nr_templates;

struct record {
	uint64_t addr;
	uint8_t op, len, mode, flags;	/* flags: bit 0 Xen, bit 1 vcpu_info per-cpu */
	uint16_t clobbers;
	int32_t target;			/* the op's function, relative to the site */
	uint8_t target_kind;		/* 0: paravirt_nop, 1: addr + target, else far */
	uint8_t pad;
} __attribute__((packed));

static csh cs;

#define fail(...) do { fprintf(stderr, "fuzz_patch: " __VA_ARGS__); abort(); } while (0)

static const struct pv_template *template_of(bool xen, unsigned int op)
{
	const struct pv_template *t = xen ? xen_templates : native_templates;
	size_t n = xen ? xen_nr_templates : native_nr_templates;

	for (size_t i = 0; i < n; i++)
		if (t[i].op == op)
			return &t[i];
	return NULL;
}

/* Every instruction whole and inside the site; those from 'from' on are NOPs. */
static void check_decoding(const struct pv_site *s, const uint8_t *buf, unsigned int from)
{
	const uint8_t *code = buf;
	size_t size = s->len;
	uint64_t va = s->addr;
	cs_insn *insn = cs_malloc(cs);

	while (size) {
		unsigned int off = (unsigned int)(code - buf);

		if (!cs_disasm_iter(cs, &code, &size, &va, insn))
			fail("site %#lx op %u len %u: byte %u does not decode into a whole instruction\n",
			     (unsigned long)s->addr, s->op, s->len, off);
		if (off >= from && strcmp(insn->mnemonic, "nop"))
			fail("site %#lx op %u: '%s %s' at byte %u, after the code, is not a NOP\n",
			     (unsigned long)s->addr, s->op, insn->mnemonic, insn->op_str, off);
		if (off < from && off + insn->size > from)
			fail("site %#lx op %u: an instruction straddles the code's end\n",
			     (unsigned long)s->addr, s->op);
		/* A relative branch in copied code must stay inside the site. */
		if (off < from && insn->mnemonic[0] == 'j' && !strncmp(insn->op_str, "0x", 2)) {
			unsigned long to = strtoul(insn->op_str, NULL, 16);

			/* Modulo 2^64, as the CPU computes it. */
			if (to - s->addr > s->len)
				fail("site %#lx op %u: branch to %#lx leaves the site\n",
				     (unsigned long)s->addr, s->op, to);
		}
	}
	cs_free(insn, 1);
}

static void check_site(const struct pv_site *s, bool xen, enum pvpatch_mode mode,
		       enum pv_patch_kind kind, const uint8_t *buf)
{
	unsigned long target = (unsigned long)((void *const *)&pv_ops)[s->op];
	const struct pv_template *t = template_of(xen, s->op);
	unsigned int code_len = 0;

	switch (kind) {
	case PV_PATCH_LEFT:
		return;
	case PV_PATCH_INLINE: {
		size_t size = t ? (size_t)(t->end - t->start) : 0;

		if (mode != PVPATCH_INLINE || !t || size > s->len || memcmp(buf, t->start, size))
			fail("site op %u len %u: INLINE but not the op's template\n", s->op, s->len);
		if (t->clobbers & ~s->clobbers)
			fail("site op %u: template clobbers %#x, the site allows %#x\n",
			     s->op, t->clobbers, s->clobbers);
		code_len = (unsigned int)size;
		break;
	}
	case PV_PATCH_CALL: {
		int32_t rel;

		memcpy(&rel, buf + 1, 4);
		if (s->len < 5 || buf[0] != 0xe8 || s->addr + 5 + (long)rel != target)
			fail("site %#lx op %u: CALL but not a direct call to %#lx\n",
			     (unsigned long)s->addr, s->op, target);
		code_len = 5;
		break;
	}
	case PV_PATCH_NOP:
		if (target != (unsigned long)paravirt_nop)
			fail("site op %u: NOPs for an op that does something\n", s->op);
		break;
	default:
		fail("site op %u: unknown kind %d\n", s->op, kind);
	}
	check_decoding(s, buf, code_len);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	if (cs_open(CS_ARCH_X86, CS_MODE_64, &cs) != CS_ERR_OK)
		abort();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	for (; size >= sizeof(struct record); data += sizeof(struct record),
	     size -= sizeof(struct record)) {
		struct record r;
		struct pv_site s;
		uint8_t buf[PV_SITE_MAX_LEN + 8];
		bool xen;
		enum pvpatch_mode mode;
		enum pv_patch_kind kind;

		memcpy(&r, data, sizeof(r));
		xen = r.flags & 1;
		xen_vcpu_info_percpu = r.flags & 2;
		mode = (enum pvpatch_mode)((r.flags >> 2) % 3);
		s = (struct pv_site) { .addr = r.addr, .op = r.op, .len = r.len, .mode = r.mode,
				       .clobbers = r.clobbers };
		if (r.op < PV_NR_SLOTS)
			((void **)&pv_ops)[r.op] = r.target_kind == 0 ? (void *)paravirt_nop :
				r.target_kind == 1 ? (void *)(uintptr_t)(r.addr + (uint64_t)(int64_t)r.target) :
				(void *)(uintptr_t)(r.addr ^ ((uint64_t)(uint32_t)r.target << 32));
		memset(buf, 0xcc, sizeof(buf));
		kind = paravirt_site_code(&s, mode, xen ? xen_patch : native_patch, buf);
		if (kind != PV_PATCH_LEFT) {
			for (size_t i = s.len; i < sizeof(buf); i++)
				if (buf[i] != 0xcc)
					fail("site op %u len %u: byte %zu written, past the site\n",
					     s.op, s.len, i);
			check_site(&s, xen, mode, kind, buf);
		}
	}
	return 0;
}
