/* SPDX-License-Identifier: MIT */
/* What a backend's setup op learns from its boot protocol, for the core. */
#ifndef PVKIT_BOOT_H
#define PVKIT_BOOT_H

#include <pvkit/compiler.h>

enum pv_entry {
	PV_ENTRY_PVH,		/* 32-bit PVH entry: native hardware or an HVM container */
	PV_ENTRY_XEN_PV,	/* 64-bit Xen PV entry with start_info */
};

struct boot_info {
	const char *cmdline;
	const char *loader;	/* the boot protocol, for the log */
	uint64_t mem_bytes;	/* usable RAM the kernel was given */
	unsigned int cpus;	/* CPUs running the kernel */
	unsigned int cpus_present;	/* CPUs the platform offers (0: unknown) */
	/* Free frames the boot mapping covers 1:1, for the page allocator. */
	unsigned long free_pfn_start, free_pfn_end;
};

void __noreturn pvkit_start(enum pv_entry entry, void *boot_data);

/* bi->mem_bytes, for the self-tests. */
extern uint64_t boot_mem_bytes;

/* The hypervisor CPUID leaf 0x40000000 names ("" on bare metal). */
extern char boot_hypervisor[13];

/* Prints "pvkit: milestone: <name> ns=<clock_ns>" (0 ns is the entry point). */
void milestone(const char *name);
void __noreturn pvkit_main(const struct boot_info *bi);

#endif
