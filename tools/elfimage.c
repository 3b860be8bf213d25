/* SPDX-License-Identifier: MIT */
/* The host tools' ELF reader (tools/elfimage.h). */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include "elfimage.h"

int elf_open(struct elf_image *img, const char *path, const char *tool)
{
	struct stat st;
	int fd = open(path, O_RDONLY);

	if (fd < 0 || fstat(fd, &st) || st.st_size < (off_t)sizeof(Elf64_Ehdr)) {
		fprintf(stderr, "%s: cannot read %s\n", tool, path);
		return -1;
	}
	img->size = (size_t)st.st_size;
	img->bytes = mmap(NULL, img->size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (img->bytes == MAP_FAILED || memcmp(img->bytes, ELFMAG, SELFMAG) ||
	    img->bytes[EI_CLASS] != ELFCLASS64) {
		fprintf(stderr, "%s: %s is not a 64-bit ELF image\n", tool, path);
		return -1;
	}
	img->eh = (const void *)img->bytes;
	img->sh = (const void *)(img->bytes + img->eh->e_shoff);
	img->shnames = (const char *)img->bytes + img->sh[img->eh->e_shstrndx].sh_offset;
	return 0;
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
		const Elf64_Shdr *s = &img->sh[i];
		const Elf64_Sym *sym = (const void *)(img->bytes + s->sh_offset);
		const char *str = (const char *)img->bytes + img->sh[s->sh_link].sh_offset;

		if (s->sh_type != SHT_SYMTAB)
			continue;
		for (size_t n = 0; n < s->sh_size / sizeof(*sym); n++) {
			int rc = fn(&sym[n], str + sym[n].st_name, arg);

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
