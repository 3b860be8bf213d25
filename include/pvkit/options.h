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
};

struct kernel_options {
	enum forced_failure fail;
	bool bench;		/* bench: run the microbenchmarks after the tests */
	bool stay;		/* stay: after the result, idle until the host asks us to go */
	unsigned int maxcpus;	/* maxcpus=N: bring up at most N CPUs (0: no limit) */
	bool nosmp;		/* maxcpus=0: no SMP, the boot CPU only (maxcpus is 1) */
};

extern struct kernel_options kopt;

/* Parses the command line into kopt; returns the number of rejected words. */
unsigned int options_parse(const char *cmdline);

#endif
