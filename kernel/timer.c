/* Timed callbacks and periodic ticks on the backend's one-shot timer. */
#include <pvkit/arch.h>
#include <pvkit/timer.h>

static struct timer *queue;	/* sorted by deadline; touched with interrupts off */

static void arm(void)
{
	if (queue)
		PVOP_VCALL1(PV_SITE_CALL_LEN, time.set_timer, queue->deadline_ns);
}

void timer_add(struct timer *t, uint64_t deadline_ns)
{
	unsigned long flags = arch_local_irq_save();
	struct timer **p = &queue;

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

	for (struct timer **p = &queue; *p; p = &(*p)->next)
		if (*p == t) {
			*p = t->next;
			break;
		}
	t->pending = false;
	arch_local_irq_restore(flags);
}

void timer_interrupt(void)
{
	uint64_t now = arch_clock_ns();

	while (queue && queue->deadline_ns <= now) {
		struct timer *t = queue;

		queue = t->next;
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
