/* SPDX-License-Identifier: MIT */
/*
 * Where the AP trampoline runs and what its mailbox holds (C and assembly).
 * A STARTUP IPI starts a CPU in real mode at vector << 12, so the
 * trampoline needs a page below 1 MiB: 0x8000 is conventional memory that
 * neither the PVH loader (start info, command line, option ROM, EBDA) nor
 * the page allocator (frames above the image only) uses, and pvh-entry.S
 * maps it 1:1, as the switch to long mode needs.
 */
#ifndef NATIVE_TRAMPOLINE_H
#define NATIVE_TRAMPOLINE_H

#define TRAMPOLINE_ADDR		0x8000
#define TRAMPOLINE_SIPI_VECTOR	(TRAMPOLINE_ADDR >> 12)

/* Mailbox offsets: what the 32-bit part loads before paging is on. */
#define MB_CR3			0	/* the kernel's PML4, below 4 GiB */
#define MB_CR4			4	/* the boot CPU's CR4 (PAE set) */
#define MB_EFER			8	/* EFER bits to set: LME, and NXE if the boot CPU has it */
#define MB_SIZE			16

#ifndef __ASSEMBLY__
#include <pvkit/compiler.h>

struct trampoline_mailbox {
	uint32_t cr3, cr4, efer;
	uint32_t reserved;
};

_Static_assert(sizeof(struct trampoline_mailbox) == MB_SIZE, "mailbox layout");
#endif

#endif
