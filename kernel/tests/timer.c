/* SPDX-License-Identifier: MIT */
/* The one-shot timer op, through a periodic tick of timed callbacks. */
#include <pvkit/arch.h>
#include <pvkit/printk.h>
#include <pvkit/selftest.h>
#include <pvkit/timer.h>

#define PERIOD_NS	5000000ULL	/* 5 ms */
#define TICKS		10
#define GIVE_UP_NS	5000000000ULL	/* an emulated machine may be slow, not stuck */

SELFTEST(test_timer_ticks, "time.timer_fires_in_time", NULL)
{
	static struct tick tick;
	unsigned long flags = arch_local_irq_save();
	uint64_t start = arch_clock_ns(), elapsed;

	tick_start(&tick, PERIOD_NS);
	/* Wait for interrupts the way idle does: enable-and-halt, then look. */
	while (tick.count < TICKS && arch_clock_ns() - start < GIVE_UP_NS) {
		arch_safe_halt();
		arch_local_irq_disable();
	}
	tick_stop(&tick);
	arch_local_irq_restore(flags);
	elapsed = tick.last_ns - start;
	CHECK(tick.count >= TICKS, "%lu ticks in %lu ms, want %d", tick.count,
	      (unsigned long)((arch_clock_ns() - start) / 1000000), TICKS);
	CHECK(!tick.early, "a tick fired before its deadline");
	/* Tick n is due at start + n periods: never sooner. */
	CHECK(elapsed >= TICKS * PERIOD_NS, "%d ticks took %lu us, less than %llu us", TICKS,
	      (unsigned long)(elapsed / 1000), TICKS * PERIOD_NS / 1000);
	printk("pvkit: timer: %lu ticks of %llu ms in %lu us\n", tick.count,
	       PERIOD_NS / 1000000, (unsigned long)(elapsed / 1000));
}
