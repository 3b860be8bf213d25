/* SPDX-License-Identifier: MIT */
/*
 * The local APIC: the native one-shot timer on NATIVE_TIMER_VECTOR and the
 * interrupt command register for IPIs.  The timer is in TSC-deadline mode
 * when the CPU has it (an absolute TSC value in IA32_TSC_DEADLINE: no
 * rate to measure, no rounding), else in one-shot mode with its rate
 * measured once against the TSC clock on the boot CPU.  Every CPU sees
 * its own LAPIC at the same physical address, so one pointer serves all
 * CPUs and each write reaches the calling CPU's APIC.
 */
#include <pvkit/msr.h>
#include <pvkit/printk.h>
#include <pvkit/timer.h>
#include <pvkit/native-hvm.h>
#include "native.h"
#include "vectors.h"

#define MSR_APIC_BASE		0x1b
#define APIC_BASE_ENABLE	(1UL << 11)
#define APIC_BASE_MASK		0xfffff000UL

#define APIC_ID			0x020
#define APIC_TPR		0x080
#define APIC_EOI		0x0b0
#define APIC_SVR		0x0f0
#define APIC_ICR_LOW		0x300
#define APIC_ICR_HIGH		0x310
#define APIC_LVT_TIMER		0x320
#define APIC_TIMER_INIT		0x380
#define APIC_TIMER_CUR		0x390
#define APIC_TIMER_DIV		0x3e0

#define MSR_TSC_DEADLINE	0x6e0
#define CPUID1_ECX_TSC_DEADLINE	(1u << 24)

#define SVR_ENABLE		0x100
#define LVT_MASKED		0x10000
#define LVT_TSC_DEADLINE	0x40000		/* timer mode bits 18:17 = 10b */
#define DIV_BY_1		0xb
#define CALIBRATE_NS		10000000ULL
#define ICR_BUSY		(1u << 12)	/* delivery status: send pending */
#define ICR_TIMEOUT_NS		100000000ULL	/* far above the microseconds it takes */

static volatile uint32_t *apic;
static uint64_t apic_hz;
static bool tsc_deadline;	/* decided once, on the boot CPU */

static uint32_t apic_read(unsigned int reg)
{
	return apic[reg / 4];
}

static void apic_write(unsigned int reg, uint32_t v)
{
	apic[reg / 4] = v;
}

/* Finds the LAPIC (1:1 mapped) and switches it on globally; idempotent. */
static uint64_t apic_map(void)
{
	uint64_t base = read_msr(MSR_APIC_BASE);

	if (!(base & APIC_BASE_ENABLE))
		write_msr(MSR_APIC_BASE, base | APIC_BASE_ENABLE);
	apic = (volatile uint32_t *)(uintptr_t)(base & APIC_BASE_MASK);
	return base & APIC_BASE_MASK;
}

/* The calling CPU's (xAPIC, 8-bit) APIC ID. */
uint32_t native_apic_id(void)
{
	if (!apic)
		apic_map();
	return apic_read(APIC_ID) >> 24;
}

/*
 * This CPU's LAPIC on: software enable with the spurious vector, every
 * priority accepted, the timer one-shot and (once calibrated) unmasked.
 * Each CPU runs it for its own APIC (the cpu_init op), the boot CPU too.
 */
void native_apic_cpu_enable(void)
{
	apic_map();
	apic_write(APIC_SVR, SVR_ENABLE | NATIVE_SPURIOUS_VECTOR);
	apic_write(APIC_TPR, 0);
	if (tsc_deadline) {
		apic_write(APIC_LVT_TIMER, LVT_TSC_DEADLINE | NATIVE_TIMER_VECTOR);
		/* The SDM: order the LVT write before any write to the deadline MSR. */
		__asm__ __volatile__("mfence" ::: "memory");
		return;
	}
	apic_write(APIC_TIMER_DIV, DIV_BY_1);
	apic_write(APIC_LVT_TIMER, (apic_hz ? 0 : LVT_MASKED) | NATIVE_TIMER_VECTOR);
}

void native_cpu_init(unsigned int cpu, struct percpu *area)
{
	(void)cpu;
	(void)area;
	native_apic_cpu_enable();
}

/* Waits, bounded, for the previous IPI to leave this CPU's APIC. */
static bool icr_idle(void)
{
	uint64_t t0 = native_clock_ns();

	while (apic_read(APIC_ICR_LOW) & ICR_BUSY)
		if (native_clock_ns() - t0 > ICR_TIMEOUT_NS)
			return false;
	return true;
}

/*
 * Sends one IPI (icr_low: vector, delivery mode, level) to dest_id and
 * waits for the APIC to accept it.  The two ICR halves are written with
 * interrupts off, so a handler sending its own IPI cannot come between
 * them.  -EIO (-5) if the APIC stays busy.
 */
long native_apic_send_ipi(uint32_t dest_id, uint32_t icr_low)
{
	unsigned long flags;
	bool ok;

	__asm__ __volatile__("pushf; pop %0; cli" : "=r"(flags) :: "memory");
	ok = icr_idle();
	if (ok) {
		apic_write(APIC_ICR_HIGH, dest_id << 24);
		apic_write(APIC_ICR_LOW, icr_low);
		ok = icr_idle();
	}
	__asm__ __volatile__("push %0; popf" :: "r"(flags) : "memory", "cc");
	return ok ? 0 : -5;
}

bool (*native_eoi_hook)(void);

void native_apic_eoi(void)
{
	if (native_eoi_hook && native_eoi_hook())
		return;
	apic_write(APIC_EOI, 0);
}

static bool cpu_has_tsc_deadline(void)
{
	uint32_t eax = 1, ebx, ecx = 0, edx;

	__asm__ __volatile__("cpuid" : "+a"(eax), "=b"(ebx), "+c"(ecx), "=d"(edx));
	return ecx & CPUID1_ECX_TSC_DEADLINE;
}

void native_apic_timer_init(void)
{
	uint64_t base = apic_map(), t0;
	uint32_t left;

	tsc_deadline = cpu_has_tsc_deadline();
	if (tsc_deadline) {
		native_apic_cpu_enable();
		printk("pvkit: apic: base %#lx, timer in TSC-deadline mode\n", (unsigned long)base);
		return;
	}
	native_apic_cpu_enable();		/* masked: not calibrated yet */

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
	printk("pvkit: apic: base %#lx, timer %lu kHz\n", (unsigned long)base,
	       (unsigned long)(apic_hz / 1000));
}

void native_set_timer(uint64_t deadline_ns)
{
	uint64_t now;

	/* A deadline already past fires at once, as the SDM says. */
	if (tsc_deadline) {
		write_msr(MSR_TSC_DEADLINE, native_ns_to_tsc(deadline_ns));
		return;
	}
	now = native_clock_ns();
	uint64_t delta = deadline_ns > now ? deadline_ns - now : 1000;
	uint64_t count;

	if (!apic_hz)
		return;
	count = (uint64_t)(((unsigned __int128)delta * apic_hz) / 1000000000ULL) + 1;
	apic_write(APIC_TIMER_INIT, count > 0xffffffffU ? 0xffffffffU : (uint32_t)count);
}

/* From the vector's entry stub, interrupts off. */
void __used native_timer_interrupt(void)
{
	native_apic_eoi();
	timer_interrupt();
}
