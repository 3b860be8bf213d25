/* SPDX-License-Identifier: MIT */
/*
 * sitesmap: writes the patch map of a pvkit image, one line per recorded
 * pv-op call site: "<hex address> <op name> <length>", from the image's
 * .pv_sites section and the op list in paravirt.h.
 *   sitesmap build/pvkit.elf > build/pvkit.sites
 */
#include <stdio.h>
#include <string.h>
#include <pvkit/paravirt.h>
#include "elfimage.h"

#define __PV_OP_DESC(group_, op_) { PV_SLOT(group_, op_), #group_, #op_ },
static const struct pv_op_desc ops[] = { PV_OP_LIST(__PV_OP_DESC) };

static const char *op_name(unsigned int slot)
{
	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		if (ops[i].slot == slot)
			return ops[i].name;
	return NULL;
}

/* The map of an image already loaded; path names it in messages. */
static int write_map(const struct elf_image *img, const char *path, FILE *out)
{
	const Elf64_Shdr *sec = elf_section(img, ".pv_sites");

	if (!sec || sec->sh_type == SHT_NOBITS || sec->sh_size % sizeof(struct pv_site)) {
		fprintf(stderr, "sitesmap: %s has no well-formed .pv_sites section\n", path);
		return 1;
	}
	for (size_t i = 0; i < sec->sh_size / sizeof(struct pv_site); i++) {
		struct pv_site site;
		const char *name;

		/* Copied: the section need not be aligned in the file. */
		memcpy(&site, img->bytes + sec->sh_offset + i * sizeof(site), sizeof(site));
		name = op_name(site.op);
		if (!name) {
			fprintf(stderr, "sitesmap: site %#lx names unknown op slot %u\n",
				(unsigned long)site.addr, site.op);
			return 1;
		}
		fprintf(out, "%016lx %s %u\n", (unsigned long)site.addr, name, site.len);
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct elf_image img;

	if (argc != 2) {
		fprintf(stderr, "usage: %s IMAGE.elf\n", argv[0]);
		return 2;
	}
	if (elf_open(&img, argv[1], "sitesmap"))
		return 1;
	return write_map(&img, argv[1], stdout);
}
