/*
 * The local APIC timer as the native one-shot timer: enabled through its
 * spurious-vector register, LVT timer in one-shot mode on
 * NATIVE_TIMER_VECTOR, its rate measured against the TSC clock.
 */
#include <pvkit/msr.h>
#include <pvkit/printk.h>
#include <pvkit/timer.h>
#include "native.h"
#include "vectors.h"

#define MSR_APIC_BASE		0x1b
#define APIC_BASE_ENABLE	(1UL << 11)
#define APIC_BASE_MASK		0xfffff000UL

#define APIC_EOI		0x0b0
#define APIC_SVR		0x0f0
#define APIC_LVT_TIMER		0x320
#define APIC_TIMER_INIT		0x380
#define APIC_TIMER_CUR		0x390
#define APIC_TIMER_DIV		0x3e0

#define SVR_ENABLE		0x100
#define LVT_MASKED		0x10000
#define DIV_BY_1		0xb
#define CALIBRATE_NS		10000000ULL

static volatile uint32_t *apic;
static uint64_t apic_hz;

static uint32_t apic_read(unsigned int reg)
{
	return apic[reg / 4];
}

static void apic_write(unsigned int reg, uint32_t v)
{
	apic[reg / 4] = v;
}

void apic_timer_init(void)
{
	uint64_t base = read_msr(MSR_APIC_BASE), t0;
	uint32_t left;

	write_msr(MSR_APIC_BASE, base | APIC_BASE_ENABLE);
	apic = (volatile uint32_t *)(uintptr_t)(base & APIC_BASE_MASK);	/* 1:1 mapped */
	apic_write(APIC_SVR, SVR_ENABLE | NATIVE_SPURIOUS_VECTOR);
	apic_write(APIC_TIMER_DIV, DIV_BY_1);
	apic_write(APIC_LVT_TIMER, LVT_MASKED | NATIVE_TIMER_VECTOR);

	/* Count down from the top for 10 ms of the TSC clock. */
	apic_write(APIC_TIMER_INIT, 0xffffffff);
	t0 = native_clock_ns();
	while (native_clock_ns() - t0 < CALIBRATE_NS)
		;
	left = apic_read(APIC_TIMER_CUR);
	apic_write(APIC_TIMER_INIT, 0);
	apic_hz = (uint64_t)(0xffffffffU - left) * (1000000000ULL / CALIBRATE_NS);
	if (!apic_hz) {
		printk("pvkit: apic: timer did not count; timers will not fire\n");
		return;
	}
	apic_write(APIC_LVT_TIMER, NATIVE_TIMER_VECTOR);	/* one-shot, unmasked */
	printk("pvkit: apic: base %#lx, timer %lu kHz\n", (unsigned long)(base & APIC_BASE_MASK),
	       (unsigned long)(apic_hz / 1000));
}

void native_set_timer(uint64_t deadline_ns)
{
	uint64_t now = native_clock_ns();
	uint64_t delta = deadline_ns > now ? deadline_ns - now : 1000;
	uint64_t count = (uint64_t)(((unsigned __int128)delta * apic_hz) / 1000000000ULL) + 1;

	if (!apic_hz)
		return;
	apic_write(APIC_TIMER_INIT, count > 0xffffffffU ? 0xffffffffU : (uint32_t)count);
}

/* From the vector's entry stub, interrupts off. */
void __used native_timer_interrupt(void)
{
	apic_write(APIC_EOI, 0);
	timer_interrupt();
}
