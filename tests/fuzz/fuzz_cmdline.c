/* SPDX-License-Identifier: MIT */
/*
 * The kernel command-line parser (kernel/cmdline.c) and the kernel's own
 * options (kernel/options.c) on random lines.  Checked: a value reaches
 * an option exactly when it takes one, is never empty and never longer
 * than a word may be; warnings are well-formed printf calls (the host's
 * vsnprintf runs them); no word is counted rejected twice; the options
 * end in their ranges.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pvkit/cmdline.h>
#include <pvkit/options.h>
#include <pvkit/patch.h>

enum pvpatch_mode pvpatch_mode;

#define fail(...) do { fprintf(stderr, "fuzz_cmdline: " __VA_ARGS__); abort(); } while (0)

static unsigned int warnings;

void printk(const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (strncmp(buf, "pvkit: ", 7))
		fail("a warning without the pvkit: prefix: %s\n", buf);
	warnings++;
}

static bool check_value(const char *v)
{
	if (!v || !*v || strlen(v) >= CMDLINE_MAX_WORD)
		fail("a value option got '%s'\n", v ? v : "(null)");
	return v[0] != 'x';	/* values starting with x are refused */
}

static bool check_flag(const char *v)
{
	if (v)
		fail("a flag option got the value '%s'\n", v);
	return true;
}

static const struct cmdline_option opts[] = {
	{ "a", true, check_value },
	{ "flag", false, check_flag },
	{ "long-option-name", true, check_value },
};

static unsigned int words(const char *p)
{
	unsigned int n = 0;
	bool in = false;

	for (; *p; p++) {
		bool blank = *p == ' ' || *p == '\t' || *p == '\n' || *p == '\r';

		n += !blank && !in;
		in = !blank;
	}
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *line = malloc(size + 1);
	unsigned int rejected;

	memcpy(line, data, size);
	line[size] = '\0';

	warnings = 0;
	rejected = cmdline_parse(line, opts, sizeof(opts) / sizeof(opts[0]), printk);
	if (rejected != warnings)
		fail("%u words rejected, %u warnings\n", rejected, warnings);
	/* A quoted blank joins words, so there are at most as many words as runs of non-blanks. */
	if (rejected > words(line))
		fail("%u rejected of at most %u words\n", rejected, words(line));

	memset(&kopt, 0, sizeof(kopt));
	pvpatch_mode = PVPATCH_INLINE;
	warnings = 0;
	rejected = options_parse(line);
	if (rejected > warnings)
		fail("options: %u words rejected, %u warnings\n", rejected, warnings);
	if (kopt.fail >= FORCE_COUNT || pvpatch_mode > PVPATCH_OFF || kopt.maxcpus > 4096)
		fail("options out of range: fail=%d pvpatch=%d maxcpus=%u\n",
		     kopt.fail, pvpatch_mode, kopt.maxcpus);
	free(line);
	return 0;
}
