/* SPDX-License-Identifier: MIT */
/*
 * tools/audit.c on random images: the audit itself (every executable
 * section disassembled) and --ops-table (the ops tables, override lists
 * and templates, read through the symbol table).  A malformed image must
 * give a message or a wrong table, never a read outside the input (ASan).
 */
#include <stdint.h>
#include <stdlib.h>

#include <stdio.h>

/* The tool's messages and output go nowhere: they would swamp the fuzzer's. */
static FILE *quiet;
#undef stderr
#define stderr quiet
#define printf(...) fprintf(quiet, __VA_ARGS__)

#define main audit_main
#include "../../tools/audit.c"
#undef main
#include "../../tools/elfimage.c"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	if (cs_open(CS_ARCH_X86, CS_MODE_64, &cs))
		abort();
	quiet = fopen("/dev/null", "w");
	if (!quiet)
		abort();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* An mmap'ed file starts page-aligned: so does this copy. */
	void *copy = aligned_alloc(4096, (size + 4095) & ~(size_t)4095);

	memcpy(copy, data, size);
	if (!elf_load(&elf, copy, size, "input", "audit")) {
		audit();
		ops_table();
	}
	free(copy);
	return 0;
}
