/*
 * sitesmap: writes the patch map of a pvkit image, one line per recorded
 * pv-op call site: "<hex address> <op name> <length>", from the image's
 * .pv_sites section and the op list in paravirt.h.
 *   sitesmap build/pvkit.elf > build/pvkit.sites
 */
#include <elf.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <pvkit/paravirt.h>

#define __PV_OP_DESC(group_, op_) { PV_SLOT(group_, op_), #group_, #op_ },
static const struct pv_op_desc ops[] = { PV_OP_LIST(__PV_OP_DESC) };

static const char *op_name(unsigned int slot)
{
	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		if (ops[i].slot == slot)
			return ops[i].name;
	return NULL;
}

static const Elf64_Shdr *find_section(const unsigned char *img, const char *want)
{
	const Elf64_Ehdr *eh = (const void *)img;
	const Elf64_Shdr *sh = (const void *)(img + eh->e_shoff);
	const char *names = (const char *)img + sh[eh->e_shstrndx].sh_offset;

	for (int i = 0; i < eh->e_shnum; i++)
		if (!strcmp(names + sh[i].sh_name, want))
			return &sh[i];
	return NULL;
}

int main(int argc, char **argv)
{
	struct stat st;
	const unsigned char *img;
	const Elf64_Shdr *sec;
	const struct pv_site *site, *end;
	int fd;

	if (argc != 2) {
		fprintf(stderr, "usage: %s IMAGE.elf\n", argv[0]);
		return 2;
	}
	fd = open(argv[1], O_RDONLY);
	if (fd < 0 || fstat(fd, &st) || st.st_size < (off_t)sizeof(Elf64_Ehdr)) {
		fprintf(stderr, "sitesmap: cannot read %s\n", argv[1]);
		return 1;
	}
	img = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (img == MAP_FAILED || memcmp(img, ELFMAG, SELFMAG) || img[EI_CLASS] != ELFCLASS64) {
		fprintf(stderr, "sitesmap: %s is not a 64-bit ELF image\n", argv[1]);
		return 1;
	}
	sec = find_section(img, ".pv_sites");
	if (!sec || sec->sh_size % sizeof(struct pv_site)) {
		fprintf(stderr, "sitesmap: %s has no well-formed .pv_sites section\n", argv[1]);
		return 1;
	}
	site = (const void *)(img + sec->sh_offset);
	end = site + sec->sh_size / sizeof(*site);
	for (; site < end; site++) {
		const char *name = op_name(site->op);

		if (!name) {
			fprintf(stderr, "sitesmap: site %#lx names unknown op slot %u\n",
				(unsigned long)site->addr, site->op);
			return 1;
		}
		printf("%016lx %s %u\n", (unsigned long)site->addr, name, site->len);
	}
	return 0;
}
