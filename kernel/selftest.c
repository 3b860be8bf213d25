/* SPDX-License-Identifier: MIT */
/* Runs the registered self-tests and prints one line per test. */
#include <stdarg.h>
#include <pvkit/arch.h>
#include <pvkit/printk.h>
#include <pvkit/selftest.h>
#include <pvkit/string.h>

extern const struct selftest __selftests_start[], __selftests_end[];

/* A test that takes longer says so under its result (TCG makes some slow). */
#define SLOW_TEST_MS	500

static unsigned int failures;
static bool skipped;

/* One indented detail line under the test's result. */
static void note(const char *prefix, const char *fmt, va_list ap)
{
	char buf[256];

	vsnprintf(buf, sizeof(buf), fmt, ap);
	printk("pvkit:     %s%s\n", prefix, buf);
}

void selftest_fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	note("", fmt, ap);
	va_end(ap);
	failures++;
}

void selftest_note(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	note("", fmt, ap);
	va_end(ap);
}

void selftest_skip(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	note("skipped: ", fmt, ap);
	va_end(ap);
	skipped = true;
}

struct selftest_totals selftest_run_all(const char *backend)
{
	struct selftest_totals t = { 0, 0, 0 };

	for (const struct selftest *st = __selftests_start; st < __selftests_end; st++) {
		if (st->backend && strcmp(st->backend, backend))
			continue;
		uint64_t start = arch_clock_ns(), ms;

		failures = 0;
		skipped = false;
		st->run();
		ms = (arch_clock_ns() - start) / 1000000;
		if (skipped && !failures) {
			t.skipped++;
			printk("pvkit: test %-32s SKIP\n", st->name);
			continue;
		}
		t.total++;
		if (!failures)
			t.passed++;
		printk("pvkit: test %-32s %s\n", st->name, failures ? "FAIL" : "PASS");
		if (ms >= SLOW_TEST_MS)
			printk("pvkit:     took %llu ms\n", (unsigned long long)ms);
	}
	return t;
}
