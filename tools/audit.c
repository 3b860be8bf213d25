/* SPDX-License-Identifier: MIT */
/*
 * audit: the sensitive-instruction rule, checked on the built image.
 *
 *   audit IMAGE.elf              every executable section is disassembled
 *                                (Capstone); a sensitive instruction
 *                                (tools/sensitive.c) outside sections named
 *                                .text.native* is an escape unless that
 *                                file's table allows it where it is: listed
 *                                with its symbol and class, exit status 1.
 *                                The table's entries are printed with how
 *                                often each was used.
 *   audit --ops-table IMAGE.elf  the table of ops, read from the image:
 *                                group, op, native and Xen implementations
 *                                (the backends' ops tables symbolised) and
 *                                the patch templates (decoded).
 */
#include <capstone/capstone.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pvkit/paravirt.h>
#include "elfimage.h"
#include "sensitive.h"

static struct elf_image elf;
static csh cs;

struct nearest {
	unsigned long va;
	const Elf64_Sym *best;
	const char *name;
};

static int closer(const Elf64_Sym *sym, const char *name, void *arg)
{
	struct nearest *n = arg;
	int type = ELF64_ST_TYPE(sym->st_info);

	if ((type == STT_FUNC || type == STT_NOTYPE || type == STT_OBJECT) && sym->st_name &&
	    sym->st_value <= n->va && (!n->best || sym->st_value > n->best->st_value)) {
		n->best = sym;
		n->name = name;
	}
	return 0;
}

/* "symbol+0xoff" for an address, from the image's symbol table. */
static const char *symbolize(unsigned long va)
{
	static char buf[160];
	struct nearest n = { va, NULL, NULL };

	elf_for_each_symbol(&elf, closer, &n);
	if (!n.best)
		snprintf(buf, sizeof(buf), "%#lx", va);
	else if (va == n.best->st_value)
		snprintf(buf, sizeof(buf), "%s", n.name);
	else
		snprintf(buf, sizeof(buf), "%s+%#lx", n.name, va - n.best->st_value);
	return buf;
}

/*
 * The table's entry allowing insn where it is: its function must be a
 * symbol of the image with a size, and insn inside it.
 */
static struct sensitive_allowed *allowed_here(const cs_insn *insn)
{
	for (size_t i = 0; i < sensitive_nr_allowed; i++) {
		struct sensitive_allowed *a = &sensitive_allowed[i];
		const Elf64_Sym *fn = elf_symbol(&elf, a->function);

		if (fn && insn->address >= fn->st_value &&
		    insn->address < fn->st_value + fn->st_size &&
		    sensitive_allowed_matches(a, insn))
			return a;
	}
	return NULL;
}

/*
 * Sensitive instructions outside .text.native*: each is listed as an
 * escape unless the one table (tools/sensitive.c) allows it in the
 * function it sits in.  Xen's forced-emulation cpuid (exactly those seven
 * bytes) is Xen's.
 */
static int audit(void)
{
	unsigned int native = 0, allowed = 0, xen = 0, escapes = 0;

	for (int i = 0; i < elf.eh->e_shnum; i++) {
		const Elf64_Shdr *sh = &elf.sh[i];
		const char *name = elf.shnames + sh->sh_name;
		bool in_native = !strncmp(name, ".text.native", 12);
		const uint8_t *code;
		size_t size = sh->sh_size;
		uint64_t va = sh->sh_addr;
		cs_insn *insn;

		if (sh->sh_type != SHT_PROGBITS || !(sh->sh_flags & SHF_EXECINSTR))
			continue;
		code = elf.bytes + sh->sh_offset;	/* inside the file: elf_load checked */
		insn = cs_malloc(cs);
		while (size) {
			size_t forced = xen_forced_cpuid_len(code, size);
			const struct sensitive_class *class;
			struct sensitive_allowed *ok;

			if (forced) {
				code += forced;
				size -= forced;
				va += forced;
				xen++;
				continue;
			}
			if (!cs_disasm_iter(cs, &code, &size, &va, insn)) {
				code++;		/* not code (padding, data): step over a byte */
				size--;
				va++;
				continue;
			}
			class = sensitive_class_of(insn);
			if (!class)
				continue;
			if (in_native) {
				native++;
				continue;
			}
			ok = allowed_here(insn);
			if (ok) {
				allowed++;
				ok->found++;
				continue;
			}
			escapes++;
			printf("audit: ESCAPE in %s at %#lx %s: %s %s (%s: %s)\n", name,
			       (unsigned long)insn->address, symbolize(insn->address),
			       insn->mnemonic, insn->op_str, class->name, class->source);
		}
		cs_free(insn, 1);
	}
	for (size_t i = 0; i < sensitive_nr_allowed; i++) {
		const struct sensitive_allowed *a = &sensitive_allowed[i];

		printf("audit: allowed: %u x /%s/ in %s (%s): %s\n", a->found, a->insn,
		       a->function, a->file, a->why);
	}
	printf("audit: %u sensitive instructions in .text.native* sections, %u allowed by "
	       "tools/sensitive.c, %u Xen forced-emulation cpuid; %u escapes\n",
	       native, allowed, xen, escapes);
	return escapes ? 1 : 0;
}

struct template_rec {
	uint16_t op, clobbers;
	uint32_t pad;
	uint64_t start, end;
};

/* A backend's template for an op, decoded into buf: "cli", or "" if none. */
static const char *template_text(const char *table, const char *count, unsigned int slot,
				 char *buf, size_t bufsize)
{
	const Elf64_Sym *t = elf_symbol(&elf, table), *n = elf_symbol(&elf, count);
	uint64_t nr;

	buf[0] = '\0';
	if (!t || !n || elf_copy(&elf, n->st_value, &nr, sizeof(nr)))
		return buf;
	for (uint64_t i = 0; i < nr; i++) {
		struct template_rec tpl;
		const void *code;
		size_t avail, count_insns, used = 0;
		cs_insn *insn;

		if (elf_copy(&elf, t->st_value + i * sizeof(tpl), &tpl, sizeof(tpl)))
			break;		/* the table is shorter than its count says */
		if (tpl.op != slot)
			continue;
		code = elf_at(&elf, tpl.start, &avail);
		if (!code || tpl.end < tpl.start || tpl.end - tpl.start > avail)
			break;
		/* At address 0: a branch shows as its offset in the template, not where
		 * the template happens to sit in .rodata. */
		count_insns = cs_disasm(cs, code, tpl.end - tpl.start, 0, 0, &insn);
		for (size_t k = 0; k < count_insns && used < bufsize; k++)
			used += snprintf(buf + used, bufsize - used, "%s`%s%s%s`", k ? "; " : "",
					 insn[k].mnemonic, insn[k].op_str[0] ? " " : "",
					 insn[k].op_str);
		cs_free(insn, count_insns);
		break;
	}
	return buf;
}

/* The function a backend's ops table holds for slot, into buf. */
static const char *impl(const char *table, unsigned int slot, char *buf, size_t bufsize)
{
	const Elf64_Sym *t = elf_symbol(&elf, table);
	uint64_t fn = 0;

	if (t)
		elf_copy(&elf, t->st_value + slot * sizeof(fn), &fn, sizeof(fn));
	snprintf(buf, bufsize, "%s", fn ? symbolize(fn) : "-");
	return buf;
}

/* The function an override list installs for slot, into buf; NULL if none. */
static const char *override(const char *table, unsigned int slot, char *buf, size_t bufsize)
{
	const Elf64_Sym *t = elf_symbol(&elf, table);
	struct pv_op_override o;

	for (unsigned long va = t ? t->st_value : 0;
	     t && !elf_copy(&elf, va, &o, sizeof(o)) && o.fn; va += sizeof(o))
		if (o.slot == slot) {
			snprintf(buf, bufsize, "%s", symbolize((unsigned long)o.fn));
			return buf;
		}
	return NULL;
}

static int ops_table(void)
{
#define __PV_OP_DESC(group_, op_) { PV_SLOT(group_, op_), #group_, #op_ },
	static const struct pv_op_desc ops[] = { PV_OP_LIST(__PV_OP_DESC) };

	printf("| group | op | native | xen-pv | native template | xen-pv template |\n");
	printf("| --- | --- | --- | --- | --- | --- |\n");
	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		unsigned int slot = ops[i].slot;
		char nat[128], xen[128], xen_pc[128], nat_tpl[160], xen_tpl[160];
		const char *percpu = override("xen_percpu_overrides", slot, xen_pc, sizeof(xen_pc));

		impl("xen_pv_ops", slot, xen, sizeof(xen));
		printf("| %s | %s | %s | %s%s%s | %s | %s |\n", ops[i].group, ops[i].name,
		       impl("native_ops", slot, nat, sizeof(nat)), xen,
		       percpu ? "; with per-cpu vcpu_info: " : "", percpu ? percpu : "",
		       template_text("native_templates", "native_nr_templates", slot,
				     nat_tpl, sizeof(nat_tpl)),
		       template_text("xen_templates", "xen_nr_templates", slot,
				     xen_tpl, sizeof(xen_tpl)));
	}
	return 0;
}

int main(int argc, char **argv)
{
	bool table = argc == 3 && !strcmp(argv[1], "--ops-table");

	if (argc != 2 && !table) {
		fprintf(stderr, "usage: %s [--ops-table] IMAGE.elf\n", argv[0]);
		return 2;
	}
	if (elf_open(&elf, argv[argc - 1], "audit") || cs_open(CS_ARCH_X86, CS_MODE_64, &cs))
		return 2;
	return table ? ops_table() : audit();
}
