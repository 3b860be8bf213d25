/* SPDX-License-Identifier: MIT */
/*
 * The printk formatter (kernel/format.c, built as vsnprintf_kernel) on
 * random format strings.  Every argument is a pointer to a valid string,
 * so any conversion may take it (an integer conversion reads its bits);
 * inputs with more conversions than arguments, with '*' (an int from a
 * pointer's bits is any width) or with numbers of more than 3 digits
 * (outputs of any size) are skipped.  Checked: the
 * output always ends in a NUL inside the buffer, the return value is the
 * full length, and every buffer size gives a prefix of the full output.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int vsnprintf_kernel(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf_kernel(char *buf, size_t size, const char *fmt, ...);

#define fail(...) do { fprintf(stderr, "fuzz_format: " __VA_ARGS__); abort(); } while (0)

static const char arg[] = "argument";
#define A arg
#define ARGS A, A, A, A, A, A, A, A, A, A, A, A, A, A, A, A
#define MAX_ARGS 16
/* Widths and precisions come from the format: keep the output small. */
#define MAX_OUT 4096

static int format(char *buf, size_t size, const char *fmt)
{
	return snprintf_kernel(buf, size, fmt, ARGS);
}

static bool acceptable(const char *fmt)
{
	unsigned int conversions = 0, digits = 0;

	for (const char *p = fmt; *p; p++) {
		conversions += *p == '%';
		digits = *p >= '0' && *p <= '9' ? digits + 1 : 0;
		if (digits > 3 || conversions > MAX_ARGS / 2 || *p == '*')
			return false;
	}
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *fmt = malloc(size + 1), *full, *part;
	int n;

	memcpy(fmt, data, size);
	fmt[size] = '\0';
	if (!acceptable(fmt)) {
		free(fmt);
		return 0;
	}
	full = malloc(MAX_OUT * 4);
	n = format(full, MAX_OUT * 4, fmt);
	if (n < 0 || (size_t)n >= MAX_OUT * 4 || strlen(full) != (size_t)n)
		fail("returned %d for output of %zu bytes\n", n, strlen(full));
	for (size_t sz = 0; sz <= (size_t)n + 1; sz += sz < 40 ? 1 : 37) {
		part = malloc(sz ? sz : 1);
		if (format(sz ? part : NULL, sz, fmt) != n)
			fail("size %zu: a different length\n", sz);
		if (sz && (strlen(part) != (sz - 1 < (size_t)n ? sz - 1 : (size_t)n) ||
			   memcmp(part, full, strlen(part))))
			fail("size %zu: not the full output's prefix\n", sz);
		free(part);
	}
	free(full);
	free(fmt);
	return 0;
}
