/* SPDX-License-Identifier: MIT */
/* The core's own pieces, run in the kernel as built for the target. */
#include <pvkit/cmdline.h>
#include <pvkit/options.h>
#include <pvkit/printk.h>
#include <pvkit/selftest.h>
#include <pvkit/string.h>

SELFTEST(test_snprintf, "core.snprintf", NULL)
{
	char buf[64];

	snprintf(buf, sizeof(buf), "%d|%5u|%-4s|%#x|%08lx|%c", -42, 7u, "ab", 255u,
		 0xbeefUL, 'z');
	CHECK(!strcmp(buf, "-42|    7|ab  |0xff|0000beef|z"), "got \"%s\"", buf);
	CHECK(snprintf(buf, 4, "%s", "truncated") == 9 && !strcmp(buf, "tru"),
	      "truncation gave \"%s\"", buf);
}

static unsigned int seen_value;
static unsigned int warnings;

static bool set_value(const char *v)
{
	seen_value = (unsigned int)strlen(v);
	return v[0] != 'x';
}

static void count_warning(const char *fmt, ...)
{
	(void)fmt;
	warnings++;
}

SELFTEST(test_cmdline_parser, "core.cmdline_parser", NULL)
{
	static const struct cmdline_option opts[] = { { "v", true, set_value } };
	unsigned int rejected;

	warnings = 0;
	rejected = cmdline_parse("  v=\"a b\" nosuch v= =x v=xx ", opts, 1, count_warning);
	CHECK(seen_value == 2, "quoted value length %u", seen_value);
	CHECK(rejected == 4 && warnings == 4, "rejected %u warned %u (want 4, 4)",
	      rejected, warnings);
}

/* Only fail=selftest gives this test something to do: without it, it says so. */
SELFTEST(test_forced_failure, "core.forced_failure", NULL)
{
	if (kopt.fail != FORCE_SELFTEST) {
		selftest_skip("no fail=selftest on the command line: nothing to fail");
		return;
	}
	selftest_fail("failing as asked by fail=selftest");
}
