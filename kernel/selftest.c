/* Runs the registered self-tests and prints one line per test. */
#include <stdarg.h>
#include <pvkit/printk.h>
#include <pvkit/selftest.h>
#include <pvkit/string.h>

extern const struct selftest __selftests_start[], __selftests_end[];

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
		failures = 0;
		skipped = false;
		st->run();
		if (skipped && !failures) {
			t.skipped++;
			printk("pvkit: test %-32s SKIP\n", st->name);
			continue;
		}
		t.total++;
		if (!failures)
			t.passed++;
		printk("pvkit: test %-32s %s\n", st->name, failures ? "FAIL" : "PASS");
	}
	return t;
}
