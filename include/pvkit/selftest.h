/* SPDX-License-Identifier: MIT */
/*
 * Built-in boot self-tests.  A test is registered with SELFTEST() in the
 * .selftests section, may be limited to one backend, and reports failures
 * with selftest_fail(); it passes when it reports none.
 */
#ifndef PVKIT_SELFTEST_H
#define PVKIT_SELFTEST_H

#include <pvkit/compiler.h>

struct selftest {
	const char *name;
	const char *backend;		/* NULL: every backend */
	void (*run)(void);
};

#define SELFTEST(fn, test_name, only_backend)				\
	static void fn(void);						\
	static const struct selftest __selftest_##fn			\
		__used __section(".selftests") __aligned(8) =		\
		{ test_name, only_backend, fn };			\
	static void fn(void)

void selftest_fail(const char *fmt, ...) __printf(1, 2);
/* A detail line that changes nothing: what part of the test did not apply here. */
void selftest_note(const char *fmt, ...) __printf(1, 2);
/* The test cannot run here: it prints SKIP and counts neither way. */
void selftest_skip(const char *fmt, ...) __printf(1, 2);

/* Fails the running test with the source line when cond is false. */
#define CHECK(cond, fmt, ...)						\
	do {								\
		if (!(cond))						\
			selftest_fail("%s:%d: " fmt, __FILE__, __LINE__, \
				      ##__VA_ARGS__);			\
	} while (0)

struct selftest_totals {
	unsigned int passed, total, skipped;
};

struct selftest_totals selftest_run_all(const char *backend);

#endif
