/* SPDX-License-Identifier: MIT */
/* A 64-bit ELF image mapped read-only, for the host tools. */
#ifndef TOOLS_ELFIMAGE_H
#define TOOLS_ELFIMAGE_H

#include <elf.h>
#include <stddef.h>

struct elf_image {
	const unsigned char *bytes;
	size_t size;
	const Elf64_Ehdr *eh;
	const Elf64_Shdr *sh;
	const char *shnames;
};

/*
 * Maps path and loads it; prints "<tool>: ..." and returns -1 if it is not a
 * well-formed 64-bit ELF image.
 */
int elf_open(struct elf_image *img, const char *path, const char *tool);

/* The same on bytes in memory (path only names them in messages). */
int elf_load(struct elf_image *img, const void *bytes, size_t size, const char *path,
	     const char *tool);

const Elf64_Shdr *elf_section(const struct elf_image *img, const char *name);

/* Calls fn for every symbol of the symbol table with its name; stops on nonzero. */
int elf_for_each_symbol(const struct elf_image *img,
			int (*fn)(const Elf64_Sym *sym, const char *name, void *arg), void *arg);

const Elf64_Sym *elf_symbol(const struct elf_image *img, const char *name);

/* File bytes at a virtual address inside a loaded section; *avail bytes follow. */
const void *elf_at(const struct elf_image *img, unsigned long va, size_t *avail);

/* Copies len bytes at a virtual address (aligned for any type); -1 if not all there. */
int elf_copy(const struct elf_image *img, unsigned long va, void *dst, size_t len);

#endif
