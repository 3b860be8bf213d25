/* SPDX-License-Identifier: MIT */
/*
 * The native clock: the TSC, its frequency measured against PIT channel 2
 * (the speaker gate, which needs no interrupt) over 10 ms, five times,
 * from the channel's count read with the TSC around it.
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
#define PIT_SPIN_LIMIT	100000UL	/* sample rounds, some seconds */
#define SAMPLE_TRIES	16

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

struct pit_sample {
	uint64_t tsc;
	uint16_t count;
};

/*
 * Channel 2's counter latched between two TSC reads, the tightest pair of
 * SAMPLE_TRIES: a vCPU that lost its host CPU between the reads (under
 * emulation, or an SMI on hardware) gives a wide pair, which loses.
 */
static struct pit_sample pit_ch2_sample(void)
{
	struct pit_sample best = { 0, 0 };
	uint64_t best_gap = ~0ULL;

	for (unsigned int i = 0; i < SAMPLE_TRIES; i++) {
		uint64_t a = native_rdtsc(), b;
		uint8_t lo, hi;

		outb(PIT_CMD, 0x80);		/* latch channel 2's count */
		lo = inb(PIT_CH2);
		hi = inb(PIT_CH2);
		b = native_rdtsc();
		if (b - a < best_gap) {
			best_gap = b - a;
			best.tsc = a + (b - a) / 2;
			best.count = (uint16_t)(lo | hi << 8);
		}
	}
	return best;
}

/*
 * Starts channel 2 counting down from 0xffff (mode 0, gate on, speaker
 * off) and samples it until it has counted at least ticks (< 0xffff): the
 * TSC cycles between the first and the last sample and the PIT ticks
 * between them.  False if it did not get there within the spin limit and
 * max_cycles of the TSC, or ran through zero (its output went high), when
 * the count could have wrapped.
 */
static bool pit_ch2_measure(uint32_t ticks, uint64_t max_cycles, uint64_t *cycles,
			    uint32_t *counted)
{
	struct pit_sample s0, s1;
	unsigned long spins = 0;

	outb(PORT_B, (inb(PORT_B) & ~0x02) | 0x01);
	outb(PIT_CMD, 0xb0);		/* ch2, lobyte/hibyte, mode 0, binary */
	outb(PIT_CH2, 0xff);
	outb(PIT_CH2, 0xff);
	s0 = pit_ch2_sample();
	do
		s1 = pit_ch2_sample();
	while ((uint16_t)(s0.count - s1.count) < ticks && ++spins < PIT_SPIN_LIMIT &&
	       s1.tsc - s0.tsc < max_cycles);
	*cycles = s1.tsc - s0.tsc;
	*counted = (uint16_t)(s0.count - s1.count);
	return *counted >= ticks && !(inb(PORT_B) & 0x20) && s1.tsc > s0.tsc;
}

/*
 * The median of CALIBRATE_RUNS measurements: a sample pair can still be
 * skewed, and one bad run must not set the clock.
 */
void native_tsc_calibrate(void)
{
	uint64_t hz[CALIBRATE_RUNS], cycles, first = native_rdtsc();
	uint32_t counted;
	unsigned int n = 0;

	for (unsigned int run = 0; run < CALIBRATE_RUNS; run++) {
		if (!pit_ch2_measure((uint32_t)(PIT_HZ * CALIBRATE_MS / 1000), ~0ULL, &cycles,
				     &counted))
			break;
		hz[n] = (uint64_t)((unsigned __int128)cycles * PIT_HZ / counted);
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
	tsc_at_boot = native_entry_tsc ? native_entry_tsc : first;
}

/* A rate known without measuring it (an HVM container's hypervisor says it). */
void native_tsc_set_hz(uint64_t hz)
{
	native_tsc_hz = hz ? hz : 1000000000UL;
	ns_mult = (1000000000ULL << 32) / native_tsc_hz;
	tsc_at_boot = native_entry_tsc ? native_entry_tsc : native_rdtsc();
}

/*
 * For the self-test: the clock_ns that pass while the PIT counts ms
 * milliseconds (at most 54), scaled to exactly that many of its ticks, or
 * 0 if it did not count them within a second of the TSC.
 */
uint64_t native_clock_ns_over_pit_ms(unsigned int ms)
{
	uint32_t ticks = (uint32_t)(PIT_HZ * ms / 1000), counted;
	uint64_t cycles, ns;

	if (!pit_ch2_measure(ticks, native_tsc_hz, &cycles, &counted))
		return 0;
	ns = (uint64_t)(((unsigned __int128)cycles * ns_mult) >> 32);
	return ns * ticks / counted;
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
