/* SPDX-License-Identifier: MIT */
/* Timed callbacks and periodic ticks on the backend's one-shot timer. */
#include <pvkit/arch.h>
#include <pvkit/percpu.h>
#include <pvkit/timer.h>

/*
 * Each CPU has its own queue, sorted by deadline, in its per-cpu area, and
 * its own one-shot timer: a timer runs on the CPU that added it.  A queue
 * is only touched by its CPU with interrupts off, so it needs no lock.
 */
static struct timer **queue_head(void)
{
	return &this_cpu_area()->timer_queue;
}

static void arm(void)
{
	struct timer *first = *queue_head();

	if (first)
		arch_set_timer(first->deadline_ns);
}

void timer_add(struct timer *t, uint64_t deadline_ns)
{
	unsigned long flags = arch_local_irq_save();
	struct timer **p = queue_head();

	t->deadline_ns = deadline_ns;
	while (*p && (*p)->deadline_ns <= deadline_ns)
		p = &(*p)->next;
	t->next = *p;
	*p = t;
	t->pending = true;
	arm();
	arch_local_irq_restore(flags);
}

void timer_del(struct timer *t)
{
	unsigned long flags = arch_local_irq_save();

	for (struct timer **p = queue_head(); *p; p = &(*p)->next)
		if (*p == t) {
			*p = t->next;
			break;
		}
	t->pending = false;
	arch_local_irq_restore(flags);
}

void timer_interrupt(void)
{
	struct timer **queue = queue_head();
	uint64_t now = arch_clock_ns();

	while (*queue && (*queue)->deadline_ns <= now) {
		struct timer *t = *queue;

		*queue = t->next;
		t->pending = false;
		t->fn(t);
		now = arch_clock_ns();
	}
	arm();
}

static void tick_fire(struct timer *timer)
{
	struct tick *t = (struct tick *)timer;
	uint64_t now = arch_clock_ns();

	if (now < timer->deadline_ns)
		t->early = true;
	if (!t->count++)
		t->first_ns = now;
	t->last_ns = now;
	timer_add(timer, timer->deadline_ns + t->period_ns);
}

void tick_start(struct tick *t, uint64_t period_ns)
{
	*t = (struct tick) { .timer.fn = tick_fire, .period_ns = period_ns };
	timer_add(&t->timer, arch_clock_ns() + period_ns);
}

void tick_stop(struct tick *t)
{
	timer_del(&t->timer);
}
