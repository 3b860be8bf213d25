/* SPDX-License-Identifier: MIT */
/*
 * The sensitive-instruction rule's two lists, for tools/audit: what is
 * sensitive (by class, each with its source), and the one table of
 * instructions allowed outside the native backend.
 */
#ifndef TOOLS_SENSITIVE_H
#define TOOLS_SENSITIVE_H

#include <capstone/capstone.h>
#include <stdbool.h>
#include <stddef.h>

struct sensitive_class {
	const char *name;	/* "unprivileged", "privileged", "platform" */
	const char *source;	/* where the list comes from */
};

/* The class of a decoded instruction, or NULL if it is not sensitive. */
const struct sensitive_class *sensitive_class_of(const cs_insn *insn);

/*
 * One allowed use: the instruction (a regular expression on "mnemonic
 * operands"), the function it is in, its file, why, and how many the
 * audit found.
 */
struct sensitive_allowed {
	const char *insn;
	const char *function;
	const char *file;
	const char *why;
	unsigned int found;
};

/* Whether insn is the instruction entry a allows (its function is the caller's to check). */
bool sensitive_allowed_matches(const struct sensitive_allowed *a, const cs_insn *insn);

extern struct sensitive_allowed sensitive_allowed[];
extern const size_t sensitive_nr_allowed;

/*
 * Xen's forced-emulation prefix with its one instruction, "ud2; .ascii
 * \"xen\"; cpuid": the length of it at code (0 if code does not start with
 * exactly those 7 bytes).  Xen emulates the cpuid; nothing after it is
 * covered.
 */
size_t xen_forced_cpuid_len(const unsigned char *code, size_t size);

#endif
