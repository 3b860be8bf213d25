/* The native IDT: exceptions are reported and fatal until the full trap layer. */
#include <pvkit/trapframe.h>
#include "io.h"
#include "native.h"
#include "vectors.h"

#define GDT_CS64	0x08
#define GATE_INTERRUPT	0x8e	/* present, DPL 0, 64-bit interrupt gate */
#define NR_VECTORS	256
#define NR_EXCEPTIONS	32

struct idt_gate {
	uint16_t offset_low;
	uint16_t selector;
	uint8_t ist;
	uint8_t type;
	uint16_t offset_mid;
	uint32_t offset_high;
	uint32_t reserved;
} __attribute__((packed));

extern const uint64_t native_exception_stubs[NR_EXCEPTIONS];
extern const char native_spurious_interrupt[], native_null_trap_handler[];
extern const char native_timer_entry[], native_ipi_entry[];

static struct idt_gate idt[NR_VECTORS] __aligned(16);

static void set_gate(unsigned int vec, uint64_t handler)
{
	idt[vec] = (struct idt_gate) {
		.offset_low = (uint16_t)handler,
		.selector = GDT_CS64,
		.type = GATE_INTERRUPT,
		.offset_mid = (uint16_t)(handler >> 16),
		.offset_high = (uint32_t)(handler >> 32),
	};
}

/* Every CPU loads the one IDT (the boot CPU here, the others as they start). */
void traps_load_idt(void)
{
	struct {
		uint16_t limit;
		uint64_t base;
	} __attribute__((packed)) desc = { sizeof(idt) - 1, (uint64_t)idt };

	__asm__ __volatile__("lidt %0" :: "m"(desc));
}

void traps_init(void)
{
	for (unsigned int v = 0; v < NR_VECTORS; v++)
		set_gate(v, v < NR_EXCEPTIONS ? native_exception_stubs[v] :
			 (uint64_t)native_spurious_interrupt);
	set_gate(NATIVE_NULL_TRAP_VECTOR, (uint64_t)native_null_trap_handler);
	set_gate(NATIVE_TIMER_VECTOR, (uint64_t)native_timer_entry);
	set_gate(NATIVE_IPI_VECTOR, (uint64_t)native_ipi_entry);
	traps_load_idt();
}

/*
 * A double fault often means a blown stack: give it a known-good one.
 * Only once this CPU's TSS (cpu_tables_load) holds the IST stack; every CPU
 * loads its TSS before it can take a fault, so the shared gate is safe.
 */
void traps_use_df_stack(void)
{
	idt[NATIVE_DF_VECTOR].ist = NATIVE_DF_IST;
}

/* Remap the 8259s away from the exception vectors, then mask every line. */
void pic_mask_all(void)
{
	static const uint8_t init[2][4] = {
		{ 0x11, 0x20, 0x04, 0x01 },	/* master: ICW1..ICW4, base 0x20 */
		{ 0x11, 0x28, 0x02, 0x01 },	/* slave: base 0x28, cascade 2 */
	};
	static const uint16_t base[2] = { 0x20, 0xa0 };

	for (int icw = 0; icw < 4; icw++) {
		for (int pic = 0; pic < 2; pic++) {
			outb(base[pic] + (icw ? 1 : 0), init[pic][icw]);
			io_delay();
		}
	}
	outb(0x21, 0xff);
	outb(0xa1, 0xff);
}

/* Both interrupt mask registers, the slave's in the high byte. */
uint16_t pic_masks(void)
{
	return (uint16_t)(inb(0x21) | inb(0xa1) << 8);
}

void __used native_exception(struct trap_frame *f)
{
	uint64_t cr2 = 0;

	if (f->vector == 14)
		__asm__ __volatile__("mov %%cr2, %0" : "=r"(cr2));
	trap_dispatch(f, cr2);
}
