/* SPDX-License-Identifier: MIT */
/*
 * tools/sitesmap.c (and the ELF reader, tools/elfimage.c) on random
 * images: the input is the file.  A malformed image must give a message
 * and a non-zero result, never a read outside the input (ASan).
 */
#include <stdint.h>
#include <stdlib.h>

#include <stdio.h>

/* The tool's messages and output go nowhere: they would swamp the fuzzer's. */
static FILE *quiet;
#undef stderr
#define stderr quiet
#define printf(...) fprintf(quiet, __VA_ARGS__)

#define main sitesmap_main
#include "../../tools/sitesmap.c"
#undef main
#include "../../tools/elfimage.c"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	quiet = fopen("/dev/null", "w");
	if (!quiet)
		abort();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct elf_image img;
	/* An mmap'ed file starts page-aligned: so does this copy. */
	void *copy = aligned_alloc(4096, (size + 4095) & ~(size_t)4095);

	memcpy(copy, data, size);
	if (!elf_load(&img, copy, size, "input", "sitesmap"))
		write_map(&img, "input", quiet);
	free(copy);
	return 0;
}
