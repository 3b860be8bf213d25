/* SPDX-License-Identifier: MIT */
/* The parts of the Multiboot2 specification (version 2.0) pvkit uses. */
#ifndef NATIVE_MULTIBOOT2_H
#define NATIVE_MULTIBOOT2_H

#define MB2_HEADER_MAGIC	0xe85250d6	/* in the image's header */
#define MB2_LOADER_MAGIC	0x36d76289	/* in %eax at the entry */
#define MB2_ARCH_I386		0		/* entered in 32-bit protected mode */

/* Header tags. */
#define MB2_HTAG_END		0
#define MB2_HTAG_INFO_REQUEST	1
#define MB2_HTAG_ENTRY		3
#define MB2_HTAG_OPTIONAL	1		/* flags: the loader may ignore it */

/* Boot information tags. */
#define MB2_TAG_END		0
#define MB2_TAG_CMDLINE		1
#define MB2_TAG_LOADER_NAME	2
#define MB2_TAG_MMAP		6
#define MB2_TAG_ACPI_OLD	14
#define MB2_TAG_ACPI_NEW	15

#ifndef __ASSEMBLY__
#include <stdint.h>

struct mb2_info {
	uint32_t total_size;
	uint32_t reserved;
};

struct mb2_tag {
	uint32_t type;
	uint32_t size;
};

struct mb2_mmap_entry {
	uint64_t addr;
	uint64_t len;
	uint32_t type;		/* 1 RAM, 2 reserved, 3 ACPI, 4 NVS, 5 bad: as Xen's HVM types */
	uint32_t zero;
};

struct mb2_tag_mmap {
	struct mb2_tag tag;
	uint32_t entry_size;
	uint32_t entry_version;
	/* entries follow */
};
#endif
#endif
