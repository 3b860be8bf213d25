/* SPDX-License-Identifier: MIT */
/* The kernel's command-line options. */
#include <pvkit/cmdline.h>
#include <pvkit/options.h>
#include <pvkit/patch.h>
#include <pvkit/printk.h>
#include <pvkit/string.h>

struct kernel_options kopt;

/* fail=NAME: each forced failure's name on the command line. */
static const char *const fail_names[FORCE_COUNT] = {
	[FORCE_SELFTEST] = "selftest",
	[FORCE_PANIC] = "panic",
	[FORCE_HANG] = "hang",
	[FORCE_CPU_HANG] = "cpu-hang",
	[FORCE_XEN_VCPU_INFO] = "xen-vcpu-info",
	[FORCE_XEN_STORE_SILENT] = "xen-store-silent",
	[FORCE_XEN_EVTCHN] = "xen-evtchn",
	[FORCE_XEN_EARLY] = "xen-early",
};

static bool set_fail(const char *v)
{
	for (unsigned int f = FORCE_NONE + 1; f < FORCE_COUNT; f++)
		if (!strcmp(v, fail_names[f])) {
			kopt.fail = (enum forced_failure)f;
			return true;
		}
	return false;
}

static bool set_pvpatch(const char *v)
{
	if (!strcmp(v, "inline"))
		pvpatch_mode = PVPATCH_INLINE;
	else if (!strcmp(v, "call"))
		pvpatch_mode = PVPATCH_CALL;
	else if (!strcmp(v, "off"))
		pvpatch_mode = PVPATCH_OFF;
	else
		return false;
	return true;
}

static bool set_bench(const char *v)
{
	(void)v;
	kopt.bench = true;
	return true;
}

static bool set_stay(const char *v)
{
	(void)v;
	kopt.stay = true;
	return true;
}

/*
 * A decimal count up to 4096, as Linux's maxcpus=: 0 means no SMP (Linux
 * reads it so too), only the boot CPU runs.
 */
static bool set_maxcpus(const char *v)
{
	unsigned int n = 0;

	if (!*v)
		return false;
	for (; *v; v++) {
		if (*v < '0' || *v > '9' || n > 4096)
			return false;
		n = n * 10 + (unsigned int)(*v - '0');
	}
	if (n > 4096)
		return false;
	kopt.nosmp = n == 0;
	kopt.maxcpus = n ? n : 1;
	return true;
}

static const struct cmdline_option options[] = {
	{ "bench", false, set_bench },
	{ "stay", false, set_stay },
	{ "fail", true, set_fail },
	{ "pvpatch", true, set_pvpatch },
	{ "maxcpus", true, set_maxcpus },
};

unsigned int options_parse(const char *cmdline)
{
	return cmdline_parse(cmdline, options, ARRAY_SIZE(options), printk);
}

static void __printf(1, 2) say_nothing(const char *fmt, ...)
{
	(void)fmt;
}

void options_parse_quiet(const char *cmdline)
{
	cmdline_parse(cmdline, options, ARRAY_SIZE(options), say_nothing);
}
