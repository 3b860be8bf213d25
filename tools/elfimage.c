/* SPDX-License-Identifier: MIT */
/*
 * The host tools' ELF reader (tools/elfimage.h).  elf_load checks every
 * header an accessor later trusts, so a truncated or hostile file gives a
 * message, never a read outside it (fuzzed: tests/fuzz/).
 */
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include "elfimage.h"

/* [off, off + len) inside a file of size bytes, without wrapping. */
static bool inside(size_t size, uint64_t off, uint64_t len)
{
	return off <= size && len <= size - off;
}

/* A string table: inside the file, non-empty, its last byte a NUL. */
static bool good_strtab(const struct elf_image *img, const Elf64_Shdr *s)
{
	return s->sh_type != SHT_NOBITS && s->sh_size &&
	       img->bytes[s->sh_offset + s->sh_size - 1] == '\0';
}

static const char *check(struct elf_image *img)
{
	const Elf64_Ehdr *eh = (const void *)img->bytes;

	if (img->size < sizeof(Elf64_Ehdr) || memcmp(img->bytes, ELFMAG, SELFMAG) ||
	    img->bytes[EI_CLASS] != ELFCLASS64)
		return "is not a 64-bit ELF image";
	if (!eh->e_shnum || eh->e_shentsize != sizeof(Elf64_Shdr) || eh->e_shoff % 8 ||
	    !inside(img->size, eh->e_shoff, (uint64_t)eh->e_shnum * sizeof(Elf64_Shdr)))
		return "has no section headers inside the file";
	img->eh = eh;
	img->sh = (const void *)(img->bytes + eh->e_shoff);
	for (int i = 0; i < eh->e_shnum; i++) {
		const Elf64_Shdr *s = &img->sh[i];

		if (s->sh_type != SHT_NOBITS && !inside(img->size, s->sh_offset, s->sh_size))
			return "has a section outside the file";
		if ((s->sh_flags & SHF_ALLOC) && s->sh_addr + s->sh_size < s->sh_addr)
			return "has a section that wraps around the address space";
	}
	/* Every section is inside the file: now the ones a table links to. */
	for (int i = 0; i < eh->e_shnum; i++) {
		const Elf64_Shdr *s = &img->sh[i];

		if (s->sh_type == SHT_SYMTAB &&
		    (s->sh_offset % 8 || s->sh_link >= eh->e_shnum ||
		     !good_strtab(img, &img->sh[s->sh_link])))
			return "has a malformed symbol table";
	}
	if (eh->e_shstrndx >= eh->e_shnum || !good_strtab(img, &img->sh[eh->e_shstrndx]))
		return "has no section name table";
	img->shnames = (const char *)img->bytes + img->sh[eh->e_shstrndx].sh_offset;
	for (int i = 0; i < eh->e_shnum; i++)
		if (img->sh[i].sh_name >= img->sh[eh->e_shstrndx].sh_size)
			return "has a section name outside its name table";
	return NULL;
}

int elf_load(struct elf_image *img, const void *bytes, size_t size, const char *path,
	     const char *tool)
{
	const char *why;

	memset(img, 0, sizeof(*img));
	img->bytes = bytes;
	img->size = size;
	why = check(img);
	if (why) {
		fprintf(stderr, "%s: %s %s\n", tool, path, why);
		return -1;
	}
	return 0;
}

int elf_open(struct elf_image *img, const char *path, const char *tool)
{
	struct stat st;
	void *bytes;
	int fd = open(path, O_RDONLY);

	if (fd < 0 || fstat(fd, &st) || st.st_size < (off_t)sizeof(Elf64_Ehdr)) {
		fprintf(stderr, "%s: cannot read %s\n", tool, path);
		if (fd >= 0)
			close(fd);
		return -1;
	}
	bytes = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (bytes == MAP_FAILED) {
		fprintf(stderr, "%s: cannot map %s\n", tool, path);
		return -1;
	}
	return elf_load(img, bytes, (size_t)st.st_size, path, tool);
}

const Elf64_Shdr *elf_section(const struct elf_image *img, const char *name)
{
	for (int i = 0; i < img->eh->e_shnum; i++)
		if (!strcmp(img->shnames + img->sh[i].sh_name, name))
			return &img->sh[i];
	return NULL;
}

int elf_for_each_symbol(const struct elf_image *img,
			int (*fn)(const Elf64_Sym *sym, const char *name, void *arg), void *arg)
{
	for (int i = 0; i < img->eh->e_shnum; i++) {
		const Elf64_Shdr *s = &img->sh[i], *strtab;
		const Elf64_Sym *sym;
		const char *str;

		if (s->sh_type != SHT_SYMTAB)
			continue;
		/* Checked by elf_load for symbol tables only. */
		strtab = &img->sh[s->sh_link];
		sym = (const void *)(img->bytes + s->sh_offset);
		str = (const char *)img->bytes + strtab->sh_offset;
		for (size_t n = 0; n < s->sh_size / sizeof(*sym); n++) {
			/* A name outside the table is no name. */
			int rc = fn(&sym[n], sym[n].st_name < strtab->sh_size ? str + sym[n].st_name : "",
				    arg);

			if (rc)
				return rc;
		}
	}
	return 0;
}

struct lookup {
	const char *want;
	const Elf64_Sym *found;
};

static int match(const Elf64_Sym *sym, const char *name, void *arg)
{
	struct lookup *l = arg;

	if (strcmp(name, l->want))
		return 0;
	l->found = sym;
	return 1;
}

const Elf64_Sym *elf_symbol(const struct elf_image *img, const char *name)
{
	struct lookup l = { name, NULL };

	elf_for_each_symbol(img, match, &l);
	return l.found;
}

const void *elf_at(const struct elf_image *img, unsigned long va, size_t *avail)
{
	for (int i = 0; i < img->eh->e_shnum; i++) {
		const Elf64_Shdr *s = &img->sh[i];

		if (s->sh_type == SHT_PROGBITS && (s->sh_flags & SHF_ALLOC) &&
		    va >= s->sh_addr && va < s->sh_addr + s->sh_size) {
			if (avail)
				*avail = s->sh_addr + s->sh_size - va;
			return img->bytes + s->sh_offset + (va - s->sh_addr);
		}
	}
	return NULL;
}

int elf_copy(const struct elf_image *img, unsigned long va, void *dst, size_t len)
{
	size_t avail;
	const void *src = elf_at(img, va, &avail);

	if (!src || avail < len)
		return -1;
	memcpy(dst, src, len);
	return 0;
}
