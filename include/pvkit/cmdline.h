/* SPDX-License-Identifier: MIT */
/*
 * Kernel command line: words separated by blanks, each "name" or
 * "name=value" (a value may be in double quotes).  Unknown names and bad
 * values are reported through warn() and skipped; parsing always goes on.
 */
#ifndef PVKIT_CMDLINE_H
#define PVKIT_CMDLINE_H

#include <pvkit/compiler.h>

#define CMDLINE_MAX_WORD 128

struct cmdline_option {
	const char *name;
	bool takes_value;
	/* Returns false when the value is not acceptable. */
	bool (*set)(const char *value);
};

typedef void (*cmdline_warn_fn)(const char *fmt, ...) __printf(1, 2);

/* Returns the number of words that were rejected. */
unsigned int cmdline_parse(const char *line, const struct cmdline_option *opts,
			   size_t nr_opts, cmdline_warn_fn warn);

#endif
