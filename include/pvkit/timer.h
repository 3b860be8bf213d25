/* SPDX-License-Identifier: MIT */
/*
 * Timed callbacks on the one-shot timer op.  A backend calls
 * timer_interrupt() from its timer interrupt (native: local APIC vector,
 * Xen: VIRQ_TIMER event) with interrupts off; expired timers run there and
 * the timer op is armed for the next deadline.
 */
#ifndef PVKIT_TIMER_H
#define PVKIT_TIMER_H

#include <pvkit/compiler.h>

struct timer {
	uint64_t deadline_ns;		/* clock_ns at which it fires */
	void (*fn)(struct timer *t);	/* may re-add itself (a periodic tick) */
	struct timer *next;
	bool pending;
};

void timer_add(struct timer *t, uint64_t deadline_ns);
void timer_del(struct timer *t);
void timer_interrupt(void);

/* A periodic tick built on timed callbacks: counts and time of each tick. */
struct tick {
	struct timer timer;
	uint64_t period_ns;
	unsigned long count;
	uint64_t first_ns, last_ns;
	bool early;		/* a tick ran before its deadline */
};

void tick_start(struct tick *t, uint64_t period_ns);
void tick_stop(struct tick *t);

#endif
