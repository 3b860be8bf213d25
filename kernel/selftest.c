/* Runs the registered self-tests and prints one line per test. */
#include <stdarg.h>
#include <pvkit/printk.h>
#include <pvkit/selftest.h>
#include <pvkit/string.h>

extern const struct selftest __selftests_start[], __selftests_end[];

static unsigned int failures;

void selftest_fail(const char *fmt, ...)
{
	char buf[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	printk("pvkit:     %s\n", buf);
	failures++;
}

struct selftest_totals selftest_run_all(const char *backend)
{
	struct selftest_totals t = { 0, 0 };

	for (const struct selftest *st = __selftests_start; st < __selftests_end; st++) {
		if (st->backend && strcmp(st->backend, backend))
			continue;
		failures = 0;
		st->run();
		t.total++;
		if (!failures)
			t.passed++;
		printk("pvkit: test %-32s %s\n", st->name, failures ? "FAIL" : "PASS");
	}
	return t;
}
