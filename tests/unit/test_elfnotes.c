/* SPDX-License-Identifier: MIT */
/*
 * The layout both loaders rely on, checked on the built image: the Xen PV
 * notes libxl's ELF loader reads, the PVH entry note QEMU and Xen read, and
 * segments loaded at the addresses they are linked at.
 */
#include <elf.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>
#include <xen/elfnote.h>

static const unsigned char *img;
static size_t img_size;
static const Elf64_Ehdr *eh;

struct note {
	const unsigned char *desc;
	uint32_t size;
};

static struct note notes[XEN_ELFNOTE_MAX + 1];

static const Elf64_Phdr *phdr(int i)
{
	return (const Elf64_Phdr *)(img + eh->e_phoff + (size_t)i * eh->e_phentsize);
}

static void collect_notes(void)
{
	for (int i = 0; i < eh->e_phnum; i++) {
		const Elf64_Phdr *p = phdr(i);
		size_t off = p->p_offset, end = p->p_offset + p->p_filesz;

		if (p->p_type != PT_NOTE)
			continue;
		while (off + sizeof(Elf64_Nhdr) <= end) {
			const Elf64_Nhdr *n = (const void *)(img + off);
			const char *name = (const char *)(n + 1);
			size_t desc = off + sizeof(*n) + ((n->n_namesz + 3) & ~3u);

			if (n->n_namesz == 4 && !memcmp(name, "Xen", 4) &&
			    n->n_type <= XEN_ELFNOTE_MAX)
				notes[n->n_type] = (struct note) { img + desc, n->n_descsz };
			off = desc + ((n->n_descsz + 3) & ~3u);
		}
	}
}

static uint64_t symbol(const char *want)
{
	const Elf64_Shdr *sh = (const void *)(img + eh->e_shoff);

	for (int i = 0; i < eh->e_shnum; i++) {
		const Elf64_Sym *sym;
		const char *strtab;
		size_t count;

		if (sh[i].sh_type != SHT_SYMTAB)
			continue;
		sym = (const void *)(img + sh[i].sh_offset);
		strtab = (const char *)img + sh[sh[i].sh_link].sh_offset;
		count = sh[i].sh_size / sizeof(*sym);
		for (size_t s = 0; s < count; s++)
			if (!strcmp(strtab + sym[s].st_name, want))
				return sym[s].st_value;
	}
	fail_msg("symbol %s not in the image", want);
	return 0;
}

/* True if [addr, addr + len) lies in a loaded segment with these flags. */
static int in_load_segment(uint64_t addr, uint64_t len, uint32_t flags)
{
	for (int i = 0; i < eh->e_phnum; i++) {
		const Elf64_Phdr *p = phdr(i);

		if (p->p_type == PT_LOAD && (p->p_flags & flags) == flags &&
		    addr >= p->p_vaddr && addr + len <= p->p_vaddr + p->p_memsz)
			return 1;
	}
	return 0;
}

static const char *note_string(int type)
{
	assert_non_null(notes[type].desc);
	assert_int_equal(notes[type].desc[notes[type].size - 1], '\0');
	return (const char *)notes[type].desc;
}

static uint64_t note_u64(int type)
{
	uint64_t v;

	assert_non_null(notes[type].desc);
	assert_int_equal(notes[type].size, 8);
	memcpy(&v, notes[type].desc, 8);
	return v;
}

static void elf_header(void **state)
{
	(void)state;
	assert_memory_equal(eh->e_ident, ELFMAG, SELFMAG);
	assert_int_equal(eh->e_ident[EI_CLASS], ELFCLASS64);
	assert_int_equal(eh->e_machine, EM_X86_64);
	assert_int_equal(eh->e_type, ET_EXEC);
}

static void segments_identity_placed(void **state)
{
	int loads = 0;

	(void)state;
	for (int i = 0; i < eh->e_phnum; i++) {
		const Elf64_Phdr *p = phdr(i);

		if (p->p_type != PT_LOAD)
			continue;
		loads++;
		assert_int_equal(p->p_vaddr, p->p_paddr);
		assert_true(p->p_vaddr >= 0x100000);
		assert_int_equal(p->p_vaddr % 4096, 0);
	}
	assert_true(loads >= 1);
}

static void xen_pv_notes(void **state)
{
	uint64_t entry, hcall;

	(void)state;
	assert_string_equal(note_string(XEN_ELFNOTE_GUEST_OS), "pvkit");
	assert_string_equal(note_string(XEN_ELFNOTE_LOADER), "generic");
	assert_string_equal(note_string(XEN_ELFNOTE_XEN_VERSION), "xen-3.0");
	assert_int_equal(note_u64(XEN_ELFNOTE_VIRT_BASE), 0);
	assert_int_equal(note_u64(XEN_ELFNOTE_PADDR_OFFSET), 0);

	entry = note_u64(XEN_ELFNOTE_ENTRY);
	assert_int_equal(entry, symbol("xen_pv_entry"));
	assert_int_equal(entry, eh->e_entry);
	assert_true(in_load_segment(entry, 1, PF_X));

	hcall = note_u64(XEN_ELFNOTE_HYPERCALL_PAGE);
	assert_int_equal(hcall, symbol("hypercall_page"));
	assert_int_equal(hcall % 4096, 0);
	assert_true(in_load_segment(hcall, 4096, PF_X));
}

static void pvh_note(void **state)
{
	uint32_t entry;

	(void)state;
	assert_non_null(notes[XEN_ELFNOTE_PHYS32_ENTRY].desc);
	assert_int_equal(notes[XEN_ELFNOTE_PHYS32_ENTRY].size, 4);
	memcpy(&entry, notes[XEN_ELFNOTE_PHYS32_ENTRY].desc, 4);
	assert_int_equal(entry, symbol("native_pvh_entry"));
	assert_true(in_load_segment(entry, 1, PF_X));
	/* Sensitive boot code belongs to the native backend's section. */
	assert_true(entry >= symbol("__text_native_start") && entry < symbol("__text_native_end"));
}

int main(int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] : "build/pvkit.elf";
	struct stat st;
	int fd = open(path, O_RDONLY);

	if (fd < 0 || fstat(fd, &st)) {
		fprintf(stderr, "test_elfnotes: cannot open %s\n", path);
		return 1;
	}
	img_size = (size_t)st.st_size;
	img = mmap(NULL, img_size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (img == MAP_FAILED || img_size < sizeof(Elf64_Ehdr)) {
		fprintf(stderr, "test_elfnotes: %s is not an ELF image\n", path);
		return 1;
	}
	eh = (const void *)img;
	collect_notes();

	const struct CMUnitTest tests[] = {
		cmocka_unit_test(elf_header),
		cmocka_unit_test(segments_identity_placed),
		cmocka_unit_test(xen_pv_notes),
		cmocka_unit_test(pvh_note),
	};

	return cmocka_run_group_tests_name("elfnotes", tests, NULL, NULL);
}
