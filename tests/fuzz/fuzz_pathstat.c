/* SPDX-License-Identifier: MIT */
/*
 * tools/pathstat.c on a random boot log and image: the input is a 2-byte
 * little-endian length, the log of that length, then the image.  A log
 * or an image it cannot use must give a message, never a read outside
 * the input (ASan).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/* The tool's messages and output go nowhere: they would swamp the fuzzer's. */
static FILE *quiet;
#undef stderr
#define stderr quiet

#define main pathstat_main
#include "../../tools/pathstat.c"
#undef main
#include "../../tools/elfimage.c"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	quiet = fopen("/dev/null", "w");
	if (!quiet || cs_open(CS_ARCH_X86, CS_MODE_64, &cs))
		abort();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t log_len;
	void *copy;
	FILE *log;

	if (size < 2)
		return 0;
	log_len = data[0] | (size_t)data[1] << 8;
	if (log_len > size - 2)
		return 0;
	/* An mmap'ed file starts page-aligned: so does this copy. */
	copy = aligned_alloc(4096, (size - 2 - log_len + 4095) & ~(size_t)4095 ?: 4096);
	memcpy(copy, data + 2 + log_len, size - 2 - log_len);
	log = fmemopen((void *)(data + 2), log_len, "r");
	if (log && !elf_load(&elf, copy, size - 2 - log_len, "input", "pathstat"))
		pathstat(log, quiet);
	if (log)
		fclose(log);
	free(copy);
	return 0;
}
