/* SPDX-License-Identifier: MIT */
/*
 * pathstat: exact static figures for the benchmark sites of a boot log.
 * For every "pvkit: site:" line (patched bytes as the kernel found them)
 * it finds the benchmark loop the site is in (ELF symbols bench_<op>_<mode>),
 * decodes the site with Capstone and, when it is a call, the callee from
 * the image up to its ret.  The path is the one with nothing to deliver:
 * fall-through at the callees' conditional branches, which lead to the
 * rare case; inside a site, a conditional branch forward over a call
 * (Xen's inline irq_enable and restore_fl skip the delivery) is taken and
 * any other falls through, so the path is the longest one that delivers
 * nothing (restore_fl's that unmasks).  Prints
 *   static: <bench> <mode> sites=<n> insns=<n> bytes=<n> path=<insn; ...>
 * per benchmark loop:  pathstat build/pvkit.elf boot.log
 */
#include <capstone/capstone.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pvkit/paravirt-abi.h>
#include "elfimage.h"

#define MAX_LOOPS	64
#define MAX_CALLEE	64

static struct elf_image elf;
static csh cs;

struct loop {
	char bench[48], mode[16];
	unsigned long start, end;
	unsigned int sites, insns, bytes;
	char path[512];
};

static struct loop loops[MAX_LOOPS];
static int nloops;

/* Bytes of the loaded image at a virtual address, or NULL. */
static const unsigned char *at(unsigned long va, size_t *avail)
{
	return elf_at(&elf, va, avail);
}

/* bench_<op>_<mode> functions are the benchmark loops. */
static int loop_symbol(const Elf64_Sym *sym, const char *name, void *arg)
{
	static const char *const modes[] = { "_off", "_call", "_inline" };
	size_t len = strlen(name);

	(void)arg;
	if (strncmp(name, "bench_", 6) || ELF64_ST_TYPE(sym->st_info) != STT_FUNC)
		return 0;
	for (int m = 0; m < 3; m++) {
		size_t ml = strlen(modes[m]);
		struct loop *l = &loops[nloops];

		if (len <= 6 + ml || strcmp(name + len - ml, modes[m]) || nloops == MAX_LOOPS)
			continue;
		snprintf(l->bench, sizeof(l->bench), "%.*s", (int)(len - 6 - ml), name + 6);
		snprintf(l->mode, sizeof(l->mode), "%s", modes[m] + 1);
		l->start = sym->st_value;
		l->end = sym->st_value + sym->st_size;
		nloops++;
	}
	return 0;
}

static void add_insn(struct loop *l, const cs_insn *insn)
{
	size_t used = strlen(l->path);

	l->insns++;
	l->bytes += insn->size;
	snprintf(l->path + used, sizeof(l->path) - used, "%s%s%s%s", used ? "; " : "",
		 insn->mnemonic, insn->op_str[0] ? " " : "", insn->op_str);
}

/* Xen's forced-emulation prefix: ud2; "xen"; cpuid is one instruction to Xen. */
static const unsigned char xen_cpuid[] = { 0x0f, 0x0b, 'x', 'e', 'n', 0x0f, 0xa2 };

/* The callee's straight-line path to its ret; -1 if it does not decode. */
static int add_callee(struct loop *l, unsigned long va)
{
	for (int n = 0; n < MAX_CALLEE; n++) {
		size_t avail;
		const unsigned char *code = at(va, &avail);
		cs_insn *insn;

		if (code && avail >= sizeof(xen_cpuid) && !memcmp(code, xen_cpuid, sizeof(xen_cpuid))) {
			size_t used = strlen(l->path);

			l->insns++;
			l->bytes += sizeof(xen_cpuid);
			snprintf(l->path + used, sizeof(l->path) - used, "%sxen-emulated cpuid",
				 used ? "; " : "");
			va += sizeof(xen_cpuid);
			continue;
		}
		if (!code || cs_disasm(cs, code, avail < 16 ? avail : 16, va, 1, &insn) != 1) {
			fprintf(stderr, "pathstat: cannot decode callee at %#lx\n", va);
			return -1;
		}
		add_insn(l, insn);
		va += insn->size;
		if (!strcmp(insn->mnemonic, "ret")) {
			cs_free(insn, 1);
			return 0;
		}
		if (!strcmp(insn->mnemonic, "jmp") && insn->detail == NULL &&
		    strncmp(insn->op_str, "0x", 2) == 0)
			va = strtoul(insn->op_str, NULL, 16);
		cs_free(insn, 1);
	}
	return 0;
}

/* One "pvkit: site:" line; -1 if a callee does not decode. */
static int add_site(unsigned long addr, const char *hex, unsigned long target)
{
	unsigned char bytes[PV_SITE_MAX_LEN];
	size_t n = strlen(hex) / 2, count;
	struct loop *l = NULL;
	cs_insn *insn;
	int rc = 0;

	for (int i = 0; i < nloops; i++)
		if (addr >= loops[i].start && addr < loops[i].end)
			l = &loops[i];
	if (!l)
		return 0;	/* not a benchmark loop of this image */
	if (n > sizeof(bytes))
		n = sizeof(bytes);	/* no site is longer */
	for (size_t i = 0; i < n; i++)
		if (sscanf(hex + 2 * i, "%2hhx", &bytes[i]) != 1)
			bytes[i] = 0;
	count = cs_disasm(cs, bytes, n, addr, 0, &insn);
	l->sites++;
	for (size_t i = 0; i < count; i++) {
		add_insn(l, &insn[i]);
		if (insn[i].mnemonic[0] == 'j' && strcmp(insn[i].mnemonic, "jmp") &&
		    !strncmp(insn[i].op_str, "0x", 2) && i + 1 < count &&
		    !strcmp(insn[i + 1].mnemonic, "call")) {
			unsigned long to = strtoul(insn[i].op_str, NULL, 16);

			while (i + 1 < count && insn[i + 1].address < to)
				i++;	/* the rare case the branch skips */
		} else if (!strcmp(insn[i].mnemonic, "call") && target && add_callee(l, target)) {
			rc = -1;
			break;
		}
	}
	cs_free(insn, count);
	return rc;
}

/* The figures of a boot log on an image already loaded; 1 on an undecodable callee. */
static int pathstat(FILE *log, FILE *out)
{
	char line[512];

	nloops = 0;
	memset(loops, 0, sizeof(loops));
	elf_for_each_symbol(&elf, loop_symbol, NULL);
	while (fgets(line, sizeof(line), log)) {
		unsigned long addr, target;
		char op[48], hex[2 * PV_SITE_MAX_LEN + 1];

		if (sscanf(line, "pvkit: site: addr=%lx op=%47s bytes=%80s target=%lx",
			   &addr, op, hex, &target) == 4 && add_site(addr, hex, target))
			return 1;
	}
	for (int i = 0; i < nloops; i++)
		if (loops[i].sites)
			fprintf(out, "static: %s %s sites=%u insns=%u bytes=%u path=%s\n",
				loops[i].bench, loops[i].mode, loops[i].sites, loops[i].insns,
				loops[i].bytes, loops[i].path);
	return 0;
}

int main(int argc, char **argv)
{
	FILE *log;
	int rc;

	if (argc != 3) {
		fprintf(stderr, "usage: %s IMAGE.elf BOOT.log\n", argv[0]);
		return 2;
	}
	if (elf_open(&elf, argv[1], "pathstat") || cs_open(CS_ARCH_X86, CS_MODE_64, &cs))
		return 1;
	log = fopen(argv[2], "r");
	if (!log) {
		fprintf(stderr, "pathstat: cannot read %s\n", argv[2]);
		return 1;
	}
	rc = pathstat(log, stdout);
	fclose(log);
	cs_close(&cs);
	return rc;
}
