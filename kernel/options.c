/* The kernel's command-line options. */
#include <pvkit/cmdline.h>
#include <pvkit/options.h>
#include <pvkit/printk.h>
#include <pvkit/string.h>

struct kernel_options kopt;

static bool set_fail(const char *v)
{
	if (!strcmp(v, "selftest"))
		kopt.fail = FORCE_SELFTEST;
	else if (!strcmp(v, "panic"))
		kopt.fail = FORCE_PANIC;
	else if (!strcmp(v, "hang"))
		kopt.fail = FORCE_HANG;
	else
		return false;
	return true;
}

static const struct cmdline_option options[] = {
	{ "fail", true, set_fail },
};

unsigned int options_parse(const char *cmdline)
{
	return cmdline_parse(cmdline, options, ARRAY_SIZE(options), printk);
}
