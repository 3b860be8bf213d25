/* SPDX-License-Identifier: MIT */
/* The command-line parser (kernel/cmdline.c) on the host. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include <pvkit/cmdline.h>

static char warnings[1024];
static char last_mode[64];
static int flag_count;

static void record_warning(const char *fmt, ...)
{
	size_t used = strlen(warnings);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(warnings + used, sizeof(warnings) - used, fmt, ap);
	va_end(ap);
}

static bool set_mode(const char *v)
{
	if (strcmp(v, "off") && strcmp(v, "on") && strcmp(v, "a b"))
		return false;
	snprintf(last_mode, sizeof(last_mode), "%s", v);
	return true;
}

static bool set_flag(const char *v)
{
	assert_null(v);
	flag_count++;
	return true;
}

static const struct cmdline_option opts[] = {
	{ "mode", true, set_mode },
	{ "flag", false, set_flag },
};

static unsigned int parse(const char *line)
{
	warnings[0] = '\0';
	last_mode[0] = '\0';
	flag_count = 0;
	return cmdline_parse(line, opts, 2, record_warning);
}

static void accepts_good_words(void **state)
{
	(void)state;
	assert_int_equal(parse("  mode=on\tflag  flag "), 0);
	assert_string_equal(last_mode, "on");
	assert_int_equal(flag_count, 2);
	assert_string_equal(warnings, "");
	assert_int_equal(parse(NULL), 0);
	assert_int_equal(parse(""), 0);
}

static void quoted_values(void **state)
{
	(void)state;
	assert_int_equal(parse("mode=\"a b\""), 0);
	assert_string_equal(last_mode, "a b");
	assert_int_equal(parse("mode=\"a b"), 1);
	assert_non_null(strstr(warnings, "unterminated quote"));
}

static void unknown_and_malformed(void **state)
{
	(void)state;
	assert_int_equal(parse("bogus mode=on =x"), 2);
	assert_non_null(strstr(warnings, "unknown option 'bogus'"));
	assert_non_null(strstr(warnings, "malformed option '=x'"));
	assert_string_equal(last_mode, "on");	/* the good word still applies */
}

static void bad_values(void **state)
{
	(void)state;
	assert_int_equal(parse("mode=maybe mode mode= flag=1"), 4);
	assert_non_null(strstr(warnings, "bad value 'maybe' for option 'mode'"));
	assert_non_null(strstr(warnings, "option 'mode' needs a value"));
	assert_non_null(strstr(warnings, "option 'flag' takes no value"));
	assert_int_equal(flag_count, 0);
}

static void overlong_word(void **state)
{
	char line[400];

	(void)state;
	memset(line, 'x', sizeof(line) - 1);
	line[sizeof(line) - 1] = '\0';
	assert_int_equal(parse(line), 1);
	assert_non_null(strstr(warnings, "longer than"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(accepts_good_words),
		cmocka_unit_test(quoted_values),
		cmocka_unit_test(unknown_and_malformed),
		cmocka_unit_test(bad_values),
		cmocka_unit_test(overlong_word),
	};

	return cmocka_run_group_tests_name("cmdline", tests, NULL, NULL);
}
