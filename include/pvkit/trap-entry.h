/* SPDX-License-Identifier: MIT */
/*
 * Exception entry points the core owns: a gate pointing at one of them
 * (write_idt_entry) reaches a C handler registered here, on any backend.
 * The stub's first and last code are pv-op sites (adjust_exception_frame,
 * iret), patched like any other: natively NOPs and iretq; on Xen
 * "pop %rcx; pop %r11" and a call of HYPERVISOR_iret.
 */
#ifndef PVKIT_TRAP_ENTRY_H
#define PVKIT_TRAP_ENTRY_H

#include <pvkit/trapframe.h>

#define CORE_TRAP_UD	6	/* the vector with a core stub: #UD */

/* The stub for CORE_TRAP_UD. */
extern const char core_trap_ud[];

/* handler runs for exceptions through the core's stub for vector (NULL: panic). */
void core_trap_set_handler(unsigned int vector, void (*handler)(struct trap_frame *f));

#endif
