/* SPDX-License-Identifier: MIT */
/*
 * The native IDT: the exception stubs (traps-entry.S), which hand every
 * exception to the core's trap_dispatch() (an exception-table fixup, or a
 * report and a panic), and the timer, IPI, null-trap and spurious vectors.
 */
#include <pvkit/desc.h>
#include <pvkit/trapframe.h>
#include "native.h"
#include "vectors.h"

#define GDT_CS64	0x08
#define NR_VECTORS	256
#define NR_EXCEPTIONS	32

extern const uint64_t native_exception_stubs[NR_EXCEPTIONS];
extern const char native_spurious_interrupt[], native_null_trap_handler[];
extern const char native_timer_entry[], native_ipi_entry[];

static struct idt_gate idt[NR_VECTORS] __aligned(16);

static void set_gate(unsigned int vec, uint64_t handler)
{
	idt[vec] = idt_gate_make(handler, GDT_CS64, GATE_INTERRUPT, 0);
}

/* Every CPU loads the one IDT (the boot CPU here, the others as they start). */
void native_traps_load_idt(void)
{
	struct desc_ptr desc = { sizeof(idt) - 1, (uint64_t)idt };

	__asm__ __volatile__("lidt %0" :: "m"(desc));
}

void native_traps_init(void)
{
	for (unsigned int v = 0; v < NR_VECTORS; v++)
		set_gate(v, v < NR_EXCEPTIONS ? native_exception_stubs[v] :
			 (uint64_t)native_spurious_interrupt);
	set_gate(NATIVE_NULL_TRAP_VECTOR, (uint64_t)native_null_trap_handler);
	set_gate(NATIVE_TIMER_VECTOR, (uint64_t)native_timer_entry);
	set_gate(NATIVE_IPI_VECTOR, (uint64_t)native_ipi_entry);
	native_traps_load_idt();
}

/*
 * A double fault often means a blown stack: give it a known-good one.
 * Only once this CPU's TSS (native_cpu_tables_load) holds the IST stack; every CPU
 * loads its TSS before it can take a fault, so the shared gate is safe.
 */
void native_traps_use_df_stack(void)
{
	idt_gate_set_ist(&idt[NATIVE_DF_VECTOR], NATIVE_DF_IST);
}

void __used native_exception(struct trap_frame *f)
{
	uint64_t cr2 = 0;

	if (f->vector == 14)
		__asm__ __volatile__("mov %%cr2, %0" : "=r"(cr2));
	trap_dispatch(f, cr2);
}
