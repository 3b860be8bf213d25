/*
 * Kernel text protection.  The PVH entry maps the first 2 MiB (where the
 * image lives) with 4 KiB pages in native_pt; text pages lose their RW bit
 * except while the patcher runs, and CR0.WP makes that bind ring 0 too.
 */
#include <pvkit/compiler.h>
#include "native.h"

#define PTE_RW		0x002

extern uint64_t native_pt[512];
extern const char __image_start[], __text_end[];

void native_set_text_writable(bool writable)
{
	for (uintptr_t va = (uintptr_t)__image_start; va < (uintptr_t)__text_end; va += PAGE_SIZE) {
		uint64_t *pte = &native_pt[va >> PAGE_SHIFT];

		*pte = writable ? *pte | PTE_RW : *pte & ~(uint64_t)PTE_RW;
		__asm__ __volatile__("invlpg (%0)" :: "r"(va) : "memory");
	}
}
