/* SPDX-License-Identifier: MIT */
/* Kernel options set from the command line (kernel/options.c). */
#ifndef PVKIT_OPTIONS_H
#define PVKIT_OPTIONS_H

#include <pvkit/compiler.h>

enum forced_failure {
	FORCE_NONE,
	FORCE_SELFTEST,		/* fail=selftest: one self-test fails */
	FORCE_PANIC,		/* fail=panic: the kernel panics before the tests */
	FORCE_HANG,		/* fail=hang: the kernel stops without shutting down */
	FORCE_CPU_HANG,		/* fail=cpu-hang: CPU 1 stops before it says it is up */
	/* Test-only faults the Xen code injects (xen-common/include/xen-common/fault.h). */
	FORCE_XEN_VCPU_INFO,	/* fail=xen-vcpu-info: VCPUOP_register_vcpu_info refused */
	FORCE_XEN_STORE_SILENT,	/* fail=xen-store-silent: the xenstore ring never answers */
	FORCE_XEN_EVTCHN,	/* fail=xen-evtchn: every EVTCHNOP_unmask fails */
	FORCE_XEN_EARLY,	/* fail=xen-early: mapping shared_info fails, before the console */
	FORCE_COUNT		/* not a value: the number of them */
};

struct kernel_options {
	enum forced_failure fail;
	bool bench;		/* bench: run the microbenchmarks after the tests */
	bool stay;		/* stay: after the result, idle until the host asks us to go */
	unsigned int maxcpus;	/* maxcpus=N: bring up at most N CPUs (0: no limit) */
};

extern struct kernel_options kopt;

/* Parses the command line into kopt; returns the number of rejected words. */
unsigned int options_parse(const char *cmdline);

/*
 * The same without a word printed, for a backend that must know the options
 * before its console is up; options_parse then runs again and reports.
 */
void options_parse_quiet(const char *cmdline);

#endif
