/* SPDX-License-Identifier: MIT */
/*
 * Descriptor tables through the cpu ops: the GDT and LDT, the task
 * register, the kernel stack for interrupts.  Natively these are lgdt,
 * lldt, ltr and the TSS; a Xen PV guest cannot have them (its kernel runs
 * in ring 3), so it asks Xen: set_gdt, update_descriptor, MMUEXT_SET_LDT,
 * stack_switch, with the table pages mapped read-only.
 */
#ifndef PVKIT_DESC_H
#define PVKIT_DESC_H

#include <pvkit/paravirt.h>

struct desc_ptr {
	uint16_t limit;
	uint64_t base;
} __attribute__((packed));

/* An interrupt or trap gate: handler offset, code selector, IST, type, DPL. */
struct idt_gate {
	uint64_t lo, hi;
};

#define GATE_INTERRUPT	0xe	/* interrupts (events on Xen) off on entry */
#define GATE_TRAP	0xf

static inline struct idt_gate idt_gate_make(unsigned long handler, unsigned int cs,
					    unsigned int type, unsigned int dpl)
{
	struct idt_gate g = {
		.lo = (handler & 0xffff) | (uint64_t)(cs & 0xffff) << 16 |
		      (uint64_t)(0x80 | (dpl & 3) << 5 | (type & 0xf)) << 40 |
		      (uint64_t)((handler >> 16) & 0xffff) << 48,
		.hi = handler >> 32,
	};
	return g;
}

/* The interrupt stack table entry (1 to 7) the CPU switches to; 0 for none. */
static inline void idt_gate_set_ist(struct idt_gate *g, unsigned int ist)
{
	g->lo = (g->lo & ~(7ULL << 32)) | (uint64_t)(ist & 7) << 32;
}

static inline unsigned long idt_gate_handler(const struct idt_gate *g)
{
	return (g->lo & 0xffff) | ((g->lo >> 48) & 0xffff) << 16 | g->hi << 32;
}

static inline bool idt_gate_present(const struct idt_gate *g)
{
	return g->lo & (1ULL << 47);
}

static inline unsigned int idt_gate_dpl(const struct idt_gate *g)
{
	return (unsigned int)(g->lo >> 45) & 3;
}

static inline unsigned int idt_gate_type(const struct idt_gate *g)
{
	return (unsigned int)(g->lo >> 40) & 0xf;
}

/*
 * A flat-base 32-bit data segment with a byte-granular limit (20 bits),
 * present, writable, DPL 3 (a Xen PV kernel runs at CPL 3, and DPL 3 is
 * also usable at CPL 0).
 */
static inline uint64_t desc_data_segment(uint32_t limit)
{
	return (uint64_t)(limit & 0xffff) | (uint64_t)0xf2 << 40 |
	       (uint64_t)((limit >> 16) & 0xf) << 48 | (uint64_t)0x4 << 52;
}

/*
 * The limit of the segment selector names, as the CPU sees it (lsl); -1 if
 * none (kernel/segments.c).
 */
long segment_limit(unsigned int selector);

/* The code segment selector this CPU runs with (%cs), for building gates. */
uint16_t code_selector(void);

static inline void arch_load_gdt(const struct desc_ptr *dtr)
{
	PVOP_VCALL1(PV_SITE_CALL_LEN, cpu.load_gdt, dtr);
}

static inline void arch_store_gdt(struct desc_ptr *dtr)
{
	PVOP_VCALL1(PV_SITE_CALL_LEN, cpu.store_gdt, dtr);
}

static inline void arch_write_gdt_entry(uint64_t *gdt, unsigned int entry, uint64_t desc)
{
	PVOP_VCALL3(PV_SITE_CALL_LEN, cpu.write_gdt_entry, gdt, entry, desc);
}

static inline void arch_set_ldt(const uint64_t *ldt, unsigned int entries)
{
	PVOP_VCALL2(PV_SITE_CALL_LEN, cpu.set_ldt, ldt, entries);
}

static inline void arch_write_ldt_entry(uint64_t *ldt, unsigned int entry, uint64_t desc)
{
	PVOP_VCALL3(PV_SITE_CALL_LEN, cpu.write_ldt_entry, ldt, entry, desc);
}

static inline void arch_load_tr(unsigned int selector)
{
	PVOP_VCALL1(PV_SITE_CALL_LEN, cpu.load_tr, selector);
}

static inline unsigned int arch_store_tr(void)
{
	return (unsigned int)PVOP_CALL0(unsigned long, PV_SITE_CALL_LEN, cpu.store_tr);
}

static inline void arch_load_idt(const struct desc_ptr *dtr)
{
	PVOP_VCALL1(PV_SITE_CALL_LEN, cpu.load_idt, dtr);
}

static inline void arch_store_idt(struct desc_ptr *dtr)
{
	PVOP_VCALL1(PV_SITE_CALL_LEN, cpu.store_idt, dtr);
}

static inline void arch_write_idt_entry(struct idt_gate *idt, unsigned int vector,
					const struct idt_gate *gate)
{
	PVOP_VCALL3(PV_SITE_CALL_LEN, cpu.write_idt_entry, idt, vector, gate);
}

static inline void arch_load_sp0(unsigned long sp0)
{
	PVOP_VCALL1(PV_SITE_CALL_LEN, cpu.load_sp0, sp0);
}

#endif
