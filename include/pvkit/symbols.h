/* SPDX-License-Identifier: MIT */
/*
 * The kernel's own symbol table (linked in by a second link pass, see the
 * Makefile) and frame-pointer backtraces symbolised with it.
 */
#ifndef PVKIT_SYMBOLS_H
#define PVKIT_SYMBOLS_H

#include <pvkit/compiler.h>

/* "name+0xoff" for a code address, or NULL if none is known. */
const char *symbol_name(unsigned long addr, unsigned long *offset);

/* Return addresses of the calls below frame pointer rbp; returns the count. */
unsigned int backtrace_collect(unsigned long rbp, unsigned long *addrs, unsigned int max);

/* Prints "pvkit:   [<addr>] name+0xoff" lines: rip (unless 0), then rbp's chain. */
void backtrace_print(unsigned long rip, unsigned long rbp);

#endif
