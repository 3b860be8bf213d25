/* SPDX-License-Identifier: MIT */
/*
 * The native clock: the TSC, its frequency measured against PIT channel 2
 * (the speaker gate, which needs no interrupt) over 10 ms, five times.
 */
#include <pvkit/printk.h>
#include "io.h"
#include "native.h"

#define PIT_HZ		1193182UL
#define CALIBRATE_MS	10
#define CALIBRATE_RUNS	5
#define PIT_CH2		0x42
#define PIT_CMD		0x43
#define PORT_B		0x61	/* bit 0: ch2 gate, bit 1: speaker, bit 5: ch2 out */
#define PIT_SPIN_LIMIT	100000000UL

extern uint64_t native_entry_tsc;	/* read first thing in pvh-entry.S */
static uint64_t tsc_at_boot;
static uint64_t ns_mult;	/* ns = (cycles * ns_mult) >> 32 */
uint64_t native_tsc_hz;

uint64_t native_rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

/*
 * Starts PIT channel 2 counting down count ticks (mode 0, gate on, speaker
 * off) and spins until its output goes high: true if it did within the
 * spin limit and max_cycles of the TSC.  *before and *after are
 * native_rdtsc() around the count.
 */
static bool pit_ch2_count(uint32_t count, uint64_t max_cycles, uint64_t *before,
			  uint64_t *after)
{
	unsigned long spins = 0;

	outb(PORT_B, (inb(PORT_B) & ~0x02) | 0x01);
	outb(PIT_CMD, 0xb0);		/* ch2, lobyte/hibyte, mode 0, binary */
	outb(PIT_CH2, count & 0xff);
	outb(PIT_CH2, count >> 8);
	*before = native_rdtsc();
	while (!(inb(PORT_B) & 0x20) && ++spins < PIT_SPIN_LIMIT &&
	       native_rdtsc() - *before < max_cycles)
		;
	*after = native_rdtsc();
	return inb(PORT_B) & 0x20;
}

/*
 * The median of CALIBRATE_RUNS counts: under emulation the vCPU may lose
 * its host CPU between the PIT starting and the TSC read (or between the
 * output going high and the poll seeing it), which skews a single count.
 */
void native_tsc_calibrate(void)
{
	uint64_t hz[CALIBRATE_RUNS], t0 = 0, t1, first = 0;
	unsigned int n = 0;

	for (unsigned int run = 0; run < CALIBRATE_RUNS; run++) {
		if (!pit_ch2_count((uint32_t)(PIT_HZ * CALIBRATE_MS / 1000), ~0ULL, &t0, &t1) ||
		    t1 <= t0)
			break;
		first = first ? first : t0;
		hz[n] = (t1 - t0) * (1000 / CALIBRATE_MS);
		for (unsigned int i = n++; i > 0 && hz[i - 1] > hz[i]; i--) {
			uint64_t x = hz[i];

			hz[i] = hz[i - 1];
			hz[i - 1] = x;
		}
	}
	if (n < CALIBRATE_RUNS) {
		native_tsc_hz = 1000000000UL;
		printk("pvkit: warning: PIT did not count down; assuming a 1 GHz TSC\n");
	} else {
		native_tsc_hz = hz[n / 2];
	}
	ns_mult = (1000000000ULL << 32) / native_tsc_hz;
	tsc_at_boot = native_entry_tsc ? native_entry_tsc : (first ? first : t0);
}

/*
 * For the self-test: the clock_ns that pass while the PIT counts ms
 * milliseconds (at most 54), or 0 if it did not count down within a
 * second of the TSC.
 */
uint64_t native_clock_ns_over_pit_ms(unsigned int ms)
{
	uint64_t c0, c1;

	if (!pit_ch2_count((uint32_t)(PIT_HZ * ms / 1000), native_tsc_hz, &c0, &c1))
		return 0;
	return (uint64_t)(((unsigned __int128)(c1 - c0) * ns_mult) >> 32);
}

/* The TSC value at clock_ns ns (the inverse of native_clock_ns). */
uint64_t native_ns_to_tsc(uint64_t ns)
{
	return tsc_at_boot + (uint64_t)(((unsigned __int128)ns * native_tsc_hz) / 1000000000ULL);
}

uint64_t native_clock_ns(void)
{
	uint64_t delta = native_rdtsc() - tsc_at_boot;

	return (uint64_t)(((unsigned __int128)delta * ns_mult) >> 32);
}
