// SPDX-License-Identifier: MIT
/*
 * xencore2elf: turns the core `xl dump-core` writes (Xen's dump-core
 * format: an ELF file with sections and no program headers) into an ELF
 * core gdb reads:
 *
 *   xencore2elf XEN_CORE OUT_CORE
 *   gdb build/pvkit.elf OUT_CORE        (thread apply all bt)
 *
 * The input's .xen_pages holds the domain's pages in the order of
 * .xen_p2m ((pfn, mfn) pairs: a PV guest, whose page tables hold machine
 * frames) or .xen_pfn (pfns: an auto-translated guest, whose tables hold
 * guest-physical frames); .xen_prstatus holds one vcpu_guest_context per
 * vCPU.  The output has one PT_LOAD segment per run of virtual addresses
 * that vCPU 0's page tables (its cr3) map to dumped pages, and one
 * NT_PRSTATUS note per vCPU (the thread gdb shows as LWP <vcpu + 1>).
 * Frames the tables name but the dump does not hold (Xen's own slots of
 * a PV guest's top-level table) are left out.  With paging off, the
 * pages go at their guest-physical addresses.
 */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/procfs.h>
#include <sys/stat.h>
#include <sys/user.h>
#include <unistd.h>
#include <xen/foreign/x86_64.h>

#define PAGE 4096ULL
#define PTE_PRESENT 0x1ULL
#define PTE_PSE 0x80ULL
#define PTE_FRAME 0x000ffffffffff000ULL
#define CR0_PG 0x80000000ULL

static const char *prog = "xencore2elf";

static void die(const char *fmt, const char *arg)
{
	fprintf(stderr, "%s: ", prog);
	fprintf(stderr, fmt, arg);
	fputc('\n', stderr);
	exit(1);
}

/* ------------------------------------------------------------ the input */
static const uint8_t *core;
static size_t core_size;

struct section {
	const uint8_t *data;
	uint64_t size;
};

static struct section find_section(const char *name)
{
	const Elf64_Ehdr *eh = (const void *)core;
	struct section none = { 0 };

	if (eh->e_shoff > core_size || eh->e_shentsize != sizeof(Elf64_Shdr) ||
	    eh->e_shnum > (core_size - eh->e_shoff) / sizeof(Elf64_Shdr) ||
	    eh->e_shstrndx >= eh->e_shnum)
		die("%s: bad section header table", "input");
	const Elf64_Shdr *sh = (const void *)(core + eh->e_shoff);
	const Elf64_Shdr *strs = &sh[eh->e_shstrndx];
	if (strs->sh_offset > core_size || strs->sh_size > core_size - strs->sh_offset)
		die("%s: bad section name table", "input");
	for (unsigned int i = 0; i < eh->e_shnum; i++) {
		if (sh[i].sh_name >= strs->sh_size)
			continue;
		const char *n = (const char *)core + strs->sh_offset + sh[i].sh_name;
		if (strnlen(n, strs->sh_size - sh[i].sh_name) == strs->sh_size - sh[i].sh_name ||
		    strcmp(n, name))
			continue;
		if (sh[i].sh_offset > core_size || sh[i].sh_size > core_size - sh[i].sh_offset)
			die("section %s runs past the end of the file", name);
		return (struct section){ core + sh[i].sh_offset, sh[i].sh_size };
	}
	return none;
}

/* Dumped frames (machine frames for PV, pfns otherwise), sorted, with
 * their page's index in .xen_pages. */
struct frame {
	uint64_t frame, pfn, index;
};
static struct frame *frames;
static size_t nframes;
static const uint8_t *pages;

static int by_frame(const void *a, const void *b)
{
	const struct frame *x = a, *y = b;
	return x->frame < y->frame ? -1 : x->frame > y->frame;
}

static const uint8_t *page_of(uint64_t frame)
{
	struct frame key = { .frame = frame };
	const struct frame *f = bsearch(&key, frames, nframes, sizeof(*frames), by_frame);
	return f ? pages + f->index * PAGE : NULL;
}

static void read_frames(void)
{
	struct section p2m = find_section(".xen_p2m"), pfn = find_section(".xen_pfn");
	struct section pg = find_section(".xen_pages");

	if (!pg.data)
		die("%s: no .xen_pages section: not an xl dump-core file", "input");
	if (p2m.data) {
		nframes = p2m.size / 16;
	} else if (pfn.data) {
		nframes = pfn.size / 8;
	} else {
		die("%s: neither .xen_p2m nor .xen_pfn: not an xl dump-core file", "input");
	}
	if (nframes > pg.size / PAGE)
		die("%s: .xen_pages holds fewer pages than its index names", "input");
	frames = calloc(nframes ? nframes : 1, sizeof(*frames));
	if (!frames)
		die("%s", strerror(ENOMEM));
	for (size_t i = 0; i < nframes; i++) {
		uint64_t v[2];
		if (p2m.data) {
			memcpy(v, p2m.data + 16 * i, 16);
			frames[i] = (struct frame){ v[1], v[0], i };
		} else {
			memcpy(v, pfn.data + 8 * i, 8);
			frames[i] = (struct frame){ v[0], v[0], i };
		}
	}
	pages = pg.data;
	qsort(frames, nframes, sizeof(*frames), by_frame);
}

/* ------------------------------------------------------- the page tables */
struct mapping {
	uint64_t va;
	const uint8_t *page;
};
static struct mapping *maps;
static size_t nmaps, maps_cap;

static void add_mapping(uint64_t va, const uint8_t *page)
{
	if (nmaps == maps_cap) {
		maps_cap = maps_cap ? 2 * maps_cap : 4096;
		maps = realloc(maps, maps_cap * sizeof(*maps));
		if (!maps)
			die("%s", strerror(ENOMEM));
	}
	maps[nmaps++] = (struct mapping){ va, page };
}

static int by_va(const void *a, const void *b)
{
	const struct mapping *x = a, *y = b;
	return x->va < y->va ? -1 : x->va > y->va;
}

static uint64_t canonical(uint64_t va)
{
	return va & (1ULL << 47) ? va | 0xffff000000000000ULL : va;
}

/* Level 4 down to 1; a large page at level 2 or 3 maps its frames in turn. */
static void walk(uint64_t table, int level, uint64_t va)
{
	const uint8_t *t = page_of(table);
	int shift = 12 + 9 * (level - 1);

	if (!t)
		return;
	for (uint64_t i = 0; i < 512; i++) {
		uint64_t pte;
		memcpy(&pte, t + 8 * i, 8);
		if (!(pte & PTE_PRESENT))
			continue;
		uint64_t v = canonical(va | i << shift), f = (pte & PTE_FRAME) >> 12;
		if (level == 1 || (level <= 3 && (pte & PTE_PSE))) {
			uint64_t n = 1ULL << (9 * (level - 1));
			if (level > 1)
				f = (pte & PTE_FRAME & ~((n << 12) - 1)) >> 12;
			for (uint64_t k = 0; k < n; k++) {
				const uint8_t *p = page_of(f + k);
				if (p)
					add_mapping(v + k * PAGE, p);
			}
		} else {
			walk(f, level - 1, v);
		}
	}
}

/* ------------------------------------------------------------ the output */
static void registers(struct elf_prstatus *st, const vcpu_guest_context_x86_64_t *c, int vcpu)
{
	const struct cpu_user_regs_x86_64 *r = &c->user_regs;
	struct user_regs_struct u = {
		.r15 = r->r15, .r14 = r->r14, .r13 = r->r13, .r12 = r->r12,
		.rbp = r->rbp, .rbx = r->rbx, .r11 = r->r11, .r10 = r->r10,
		.r9 = r->r9, .r8 = r->r8, .rax = r->rax, .rcx = r->rcx,
		.rdx = r->rdx, .rsi = r->rsi, .rdi = r->rdi, .orig_rax = -1ULL,
		.rip = r->rip, .cs = r->cs, .eflags = r->rflags, .rsp = r->rsp,
		.ss = r->ss, .fs_base = c->fs_base, .gs_base = c->gs_base_kernel,
		.ds = r->ds, .es = r->es, .fs = r->fs, .gs = r->gs,
	};
	_Static_assert(sizeof(u) == sizeof(st->pr_reg), "user_regs_struct is elf_gregset_t");
	memset(st, 0, sizeof(*st));
	st->pr_pid = vcpu + 1;     /* gdb takes LWP 0 for "no thread" */
	memcpy(&st->pr_reg, &u, sizeof(u));
}

static FILE *out;
static const char *out_path;

static void put(const void *p, size_t n)
{
	if (fwrite(p, 1, n, out) != n)
		die("writing %s failed", out_path);
}

static void pad_to(uint64_t off)
{
	static const uint8_t zero[PAGE];
	long at = ftell(out);
	if (at < 0 || (uint64_t)at > off)
		die("writing %s failed", out_path);
	put(zero, off - (uint64_t)at);
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: %s XEN_CORE OUT_CORE   (XEN_CORE: from xl dump-core)\n", prog);
		return 2;
	}
	int fd = open(argv[1], O_RDONLY);
	struct stat sb;
	if (fd < 0 || fstat(fd, &sb))
		die("cannot open %s", argv[1]);
	core_size = sb.st_size;
	if (core_size < sizeof(Elf64_Ehdr))
		die("%s: too short for an ELF file", argv[1]);
	core = mmap(NULL, core_size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (core == MAP_FAILED)
		die("cannot map %s", argv[1]);
	const Elf64_Ehdr *eh = (const void *)core;
	if (memcmp(eh->e_ident, ELFMAG, SELFMAG) || eh->e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh->e_machine != EM_X86_64)
		die("%s: not a 64-bit x86 ELF file (an xl dump-core of an x86-64 guest)", argv[1]);

	read_frames();
	struct section pr = find_section(".xen_prstatus");
	size_t nvcpus = pr.size / sizeof(vcpu_guest_context_x86_64_t);
	if (!pr.data || !nvcpus || pr.size % sizeof(vcpu_guest_context_x86_64_t))
		die("%s: .xen_prstatus is not a whole number of x86-64 vCPU contexts", argv[1]);
	vcpu_guest_context_x86_64_t *ctx = malloc(pr.size);
	if (!ctx)
		die("%s", strerror(ENOMEM));
	memcpy(ctx, pr.data, pr.size);

	if (ctx[0].ctrlreg[0] & CR0_PG) {
		walk(ctx[0].ctrlreg[3] >> 12, 4, 0);
		if (!nmaps)
			die("%s: vCPU 0's page tables map no dumped page", argv[1]);
	} else {
		for (size_t i = 0; i < nframes; i++)
			add_mapping(frames[i].pfn * PAGE, pages + frames[i].index * PAGE);
	}

	/* Sorted by address (the walk visits ascending addresses; paging off
	 * needs sorting), then cut into runs of consecutive pages. */
	qsort(maps, nmaps, sizeof(*maps), by_va);
	size_t nruns = 0;
	for (size_t i = 0; i < nmaps; i++)
		nruns += !i || maps[i].va != maps[i - 1].va + PAGE;

	out_path = argv[2];
	out = fopen(out_path, "wb");
	if (!out)
		die("cannot create %s", out_path);
	uint64_t note_desc = (sizeof(struct elf_prstatus) + 3) & ~3ULL;
	uint64_t note_one = sizeof(Elf64_Nhdr) + 8 + note_desc;
	uint64_t note_off = sizeof(Elf64_Ehdr) + (1 + nruns) * sizeof(Elf64_Phdr);
	uint64_t data_off = (note_off + nvcpus * note_one + PAGE - 1) & ~(PAGE - 1);

	Elf64_Ehdr oh = {
		.e_type = ET_CORE, .e_machine = EM_X86_64, .e_version = EV_CURRENT,
		.e_phoff = sizeof(Elf64_Ehdr), .e_ehsize = sizeof(Elf64_Ehdr),
		.e_phentsize = sizeof(Elf64_Phdr), .e_phnum = 1 + nruns,
	};
	memcpy(oh.e_ident, ELFMAG, SELFMAG);
	oh.e_ident[EI_CLASS] = ELFCLASS64;
	oh.e_ident[EI_DATA] = ELFDATA2LSB;
	oh.e_ident[EI_VERSION] = EV_CURRENT;
	put(&oh, sizeof(oh));
	Elf64_Phdr note = { .p_type = PT_NOTE, .p_offset = note_off,
			    .p_filesz = nvcpus * note_one, .p_align = 4 };
	put(&note, sizeof(note));
	uint64_t off = data_off;
	for (size_t i = 0, start = 0; i < nmaps; i++) {
		if (i + 1 < nmaps && maps[i + 1].va == maps[i].va + PAGE)
			continue;
		uint64_t len = (i + 1 - start) * PAGE;
		Elf64_Phdr ph = { .p_type = PT_LOAD, .p_flags = PF_R | PF_W | PF_X,
				  .p_offset = off, .p_vaddr = maps[start].va,
				  .p_filesz = len, .p_memsz = len, .p_align = PAGE };
		put(&ph, sizeof(ph));
		off += len;
		start = i + 1;
	}
	for (size_t v = 0; v < nvcpus; v++) {
		Elf64_Nhdr nh = { .n_namesz = 5, .n_descsz = sizeof(struct elf_prstatus),
				  .n_type = NT_PRSTATUS };
		struct elf_prstatus st;
		char name[8] = "CORE";
		uint8_t desc[sizeof(st) + 4] = { 0 };
		registers(&st, &ctx[v], (int)v);
		memcpy(desc, &st, sizeof(st));
		put(&nh, sizeof(nh));
		put(name, sizeof(name));
		put(desc, note_desc);
	}
	pad_to(data_off);
	for (size_t i = 0; i < nmaps; i++)
		put(maps[i].page, PAGE);
	if (fclose(out))
		die("writing %s failed", out_path);
	printf("%s: %zu vCPUs, %zu pages mapped in %zu segments -> %s\n",
	       prog, nvcpus, nmaps, nruns, out_path);
	return 0;
}
