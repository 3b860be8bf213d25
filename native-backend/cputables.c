/* SPDX-License-Identifier: MIT */
/*
 * Each CPU's own GDT and TSS.  The GDT keeps the boot GDT's selectors
 * (pvh-entry.S) and adds the CPU's TSS; the TSS matters only for its stack
 * pointers, as pvkit has no user mode and no I/O bitmap: rsp0 and IST 1,
 * the double fault's own stack (see native_traps_use_df_stack).
 */
#include <pvkit/desc.h>
#include <pvkit/layout.h>
#include <pvkit/percpu.h>
#include "native.h"
#include "vectors.h"

#define GDT_CS64	0x08
#define GDT_DS		0x10
#define GDT_TSS		0x20
#define GDT_LDT		0x30	/* two slots, like the TSS's */
#define LDT_PRESENT	0x82	/* present, DPL 0, LDT */
#define DF_STACK_SIZE	4096
#define TSS_AVAILABLE	0x89	/* present, DPL 0, 64-bit TSS (not busy) */

struct tss64 {
	uint32_t reserved0;
	uint64_t rsp[3];
	uint64_t reserved1;
	uint64_t ist[7];
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap_base;
} __attribute__((packed));

_Static_assert(sizeof(struct tss64) == 104, "the 64-bit TSS is 104 bytes");

struct cpu_tables {
	uint64_t gdt[8];	/* null, CS64, DS, CS32, TSS (two slots), LDT (two) */
	struct tss64 tss;
} __aligned(64);

static struct cpu_tables cpu_tables[MAX_CPUS];
static unsigned char df_stacks[MAX_CPUS][DF_STACK_SIZE] __aligned(16);

static void tss_descriptor(uint64_t *slot, const struct tss64 *tss)
{
	uint64_t base = (uint64_t)tss, limit = sizeof(*tss) - 1;

	slot[0] = (limit & 0xffff) | (base & 0xffffff) << 16 | (uint64_t)TSS_AVAILABLE << 40 |
		  ((limit >> 16) & 0xf) << 48 | ((base >> 24) & 0xff) << 56;
	slot[1] = base >> 32;
}

/*
 * Builds and loads CPU cpu's GDT and TSS (rsp0 = stack_top) and reloads
 * the segment registers from it.  %fs and %gs are left alone: loading a
 * selector would clear the %gs base the per-cpu area may already use.
 */
void native_cpu_tables_load(unsigned int cpu, unsigned long stack_top)
{
	struct cpu_tables *t = &cpu_tables[cpu];
	struct {
		uint16_t limit;
		uint64_t base;
	} __attribute__((packed)) desc = { sizeof(t->gdt) - 1, (uint64_t)t->gdt };
	unsigned long scratch;

	t->gdt[0] = 0;
	t->gdt[1] = 0x00af9a000000ffff;	/* GDT_CS64 */
	t->gdt[2] = 0x00cf92000000ffff;	/* GDT_DS */
	t->gdt[3] = 0x00cf9a000000ffff;	/* GDT_CS32 */
	t->tss = (struct tss64) {
		.rsp = { stack_top },
		.ist = { [NATIVE_DF_IST - 1] = (uint64_t)(df_stacks[cpu + 1]) },
		.iomap_base = sizeof(struct tss64),	/* no I/O bitmap */
	};
	tss_descriptor(&t->gdt[GDT_TSS / 8], &t->tss);	/* rebuilt not busy: ltr may run again */

	__asm__ __volatile__("lgdt %1\n\t"
			     "pushq %2\n\t"
			     "lea 1f(%%rip), %0\n\t"
			     "pushq %0\n\t"
			     "lretq\n"
			     "1:\tmov %3, %k0\n\t"
			     "mov %k0, %%ds\n\t"
			     "mov %k0, %%es\n\t"
			     "mov %k0, %%ss\n\t"
			     "ltr %w4"
			     : "=&r"(scratch)
			     : "m"(desc), "i"(GDT_CS64), "i"(GDT_DS), "r"(GDT_TSS)
			     : "memory");
}

/*
 * The cpu ops on descriptor tables that need this CPU's own tables: the
 * LDT is named by a descriptor in this CPU's GDT, and sp0 is its TSS's
 * rsp0.  (A GDT loaded with load_gdt instead must carry the same slots.)
 */
void native_set_ldt(const uint64_t *ldt, unsigned int entries)
{
	uint64_t *slot = &cpu_tables[this_cpu_read(cpu)].gdt[GDT_LDT / 8];
	uint64_t base = (uint64_t)ldt, limit = entries * 8UL - 1;

	if (!entries) {
		__asm__ __volatile__("lldt %w0" :: "r"(0) : "memory");
		return;
	}
	slot[0] = (limit & 0xffff) | (base & 0xffffff) << 16 | (uint64_t)LDT_PRESENT << 40 |
		  ((limit >> 16) & 0xf) << 48 | ((base >> 24) & 0xff) << 56;
	slot[1] = base >> 32;
	__asm__ __volatile__("lldt %w0" :: "r"(GDT_LDT) : "memory");
}

void native_write_desc_entry(uint64_t *table, unsigned int entry, uint64_t desc)
{
	table[entry] = desc;
}

void native_write_idt_entry(struct idt_gate *idt, unsigned int vector,
			    const struct idt_gate *gate)
{
	idt[vector] = *gate;
}

void native_load_sp0(unsigned long sp0)
{
	cpu_tables[this_cpu_read(cpu)].tss.rsp[0] = sp0;
}

unsigned long native_tss_sp0(unsigned int cpu)
{
	return cpu_tables[cpu].tss.rsp[0];
}
