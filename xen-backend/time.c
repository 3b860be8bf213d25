/*
 * The Xen clock: vcpu_time_info in vcpu_info, published by Xen with a
 * version that is odd while it is being updated.  ns = system_time +
 * scale(tsc - tsc_timestamp), where scale shifts then multiplies by the
 * 32.32 fixed-point tsc_to_system_mul.
 */
#include "xen.h"

static uint64_t boot_ns;

uint64_t xen_rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

static uint64_t system_time_ns(void)
{
	const volatile struct vcpu_time_info *t = &xen_vcpu->time;
	uint32_t version;
	uint64_t ns;

	do {
		uint64_t delta;

		version = t->version;
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
		delta = xen_rdtsc() - t->tsc_timestamp;
		if (t->tsc_shift < 0)
			delta >>= -t->tsc_shift;
		else
			delta <<= t->tsc_shift;
		ns = t->system_time +
		     (uint64_t)(((unsigned __int128)delta * t->tsc_to_system_mul) >> 32);
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
	} while ((version & 1) || version != t->version);
	return ns;
}

void xen_time_init(void)
{
	boot_ns = system_time_ns();
}

uint64_t xen_clock_ns(void)
{
	return system_time_ns() - boot_ns;
}
