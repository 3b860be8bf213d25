/* SPDX-License-Identifier: MIT */
/* The kernel's command-line options. */
#include <pvkit/cmdline.h>
#include <pvkit/options.h>
#include <pvkit/patch.h>
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
	else if (!strcmp(v, "cpu-hang"))
		kopt.fail = FORCE_CPU_HANG;
	else if (!strcmp(v, "xen-vcpu-info"))
		kopt.fail = FORCE_XEN_VCPU_INFO;
	else if (!strcmp(v, "xen-store-silent"))
		kopt.fail = FORCE_XEN_STORE_SILENT;
	else if (!strcmp(v, "xen-evtchn"))
		kopt.fail = FORCE_XEN_EVTCHN;
	else if (!strcmp(v, "xen-early"))
		kopt.fail = FORCE_XEN_EARLY;
	else
		return false;
	return true;
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

/* A decimal count from 1 to 4096, as Linux's maxcpus= (0 would mean no CPU at all). */
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
	if (n < 1 || n > 4096)
		return false;
	kopt.maxcpus = n;
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
