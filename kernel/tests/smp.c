/*
 * Several CPUs at once: IPIs reach every CPU, per-cpu counters add up, the
 * interrupt flag is per CPU even while all CPUs toggle theirs, and a TLB
 * shootdown reaches every CPU.  With one CPU online they SKIP.
 */
#include <pvkit/arch.h>
#include <pvkit/percpu.h>
#include <pvkit/printk.h>
#include <pvkit/selftest.h>
#include <pvkit/smp.h>
#include <pvkit/string.h>
#include "window.h"

#define COUNTS		100000UL
#define PHASE_WAIT_NS	10000000000ULL	/* 8 vCPUs on 2 emulated CPUs are slow */

static bool several_cpus(void)
{
	if (smp_cpus_online > 1)
		return true;
	selftest_skip("one CPU online");
	return false;
}

static unsigned int answered[MAX_CPUS];

static void say_who(void *arg)
{
	(void)arg;
	answered[smp_processor_id()] = smp_processor_id() + 1;
}

SELFTEST(test_smp_ipi, "smp.ipi_reaches_every_cpu", NULL)
{
	if (!several_cpus())
		return;
	memset(answered, 0, sizeof(answered));
	for (unsigned int cpu = 1; cpu < smp_cpus_online; cpu++) {
		unsigned long before = READ_ONCE(percpu_areas[cpu].ipis);
		long rc = smp_call(cpu, say_who, NULL);

		CHECK(rc == 0, "cpu %u: smp_call gave %ld", cpu, rc);
		CHECK(answered[cpu] == cpu + 1, "cpu %u: the function ran on cpu %d", cpu,
		      (int)answered[cpu] - 1);
		CHECK(READ_ONCE(percpu_areas[cpu].ipis) > before, "cpu %u took no IPI", cpu);
	}
}

static void count_up(void *arg)
{
	(void)arg;
	for (unsigned long i = 0; i < COUNTS; i++)
		this_cpu_inc(test_counter);
}

SELFTEST(test_smp_counters, "smp.percpu_counters_sum", NULL)
{
	unsigned long sum = 0;
	long rc;

	if (!several_cpus())
		return;
	for (unsigned int cpu = 0; cpu < smp_cpus_online; cpu++)
		percpu_areas[cpu].test_counter = 0;
	rc = smp_run_on_all(count_up, NULL);
	CHECK(rc == 0, "smp_run_on_all gave %ld", rc);
	for (unsigned int cpu = 0; cpu < smp_cpus_online; cpu++) {
		CHECK(percpu_areas[cpu].test_counter == COUNTS, "cpu %u counted %lu, want %lu",
		      cpu, percpu_areas[cpu].test_counter, COUNTS);
		sum += percpu_areas[cpu].test_counter;
	}
	CHECK(sum == COUNTS * smp_cpus_online, "sum %lu, want %lu x %u", sum, COUNTS,
	      smp_cpus_online);
}

static struct smp_irq_phases phases;
static struct smp_barrier phase_barrier;

/*
 * CPU j's platform byte, read again a few times until it is what a masked
 * (nonzero) or unmasked (zero) CPU shows: an event that arrives meanwhile
 * masks its CPU for the time of its handler, which is not a fault.
 */
static uint8_t platform_byte(unsigned int j, bool masked)
{
	uint8_t b = 0;

	for (unsigned int try = 0; try < 100; try++) {
		b = READ_ONCE(percpu_areas[j].platform[phases.platform_offset]);
		if (!b != masked)
			break;
		for (unsigned int i = 0; i < 1000; i++)
			__builtin_ia32_pause();
	}
	return b;
}

/*
 * Phase k: CPU k masks, every CPU records what it sees (its own flag, and
 * every CPU's platform byte), CPU k unmasks.  All CPUs also run the
 * nested save/restore sequence, at the same time as the others.
 */
static void irq_phases(void *arg)
{
	unsigned int me = smp_processor_id(), n = smp_cpus_online;

	(void)arg;
	for (unsigned int k = 0; k < n; k++) {
		bool ok = smp_barrier(&phase_barrier, n, PHASE_WAIT_NS);

		if (me == k)
			arch_local_irq_disable();
		ok = smp_barrier(&phase_barrier, n, PHASE_WAIT_NS) && ok;
		phases.enabled[k][me] = !arch_irqs_disabled();
		for (unsigned int j = 0; j < n && phases.platform_offset != SMP_NO_PLATFORM_BYTE; j++)
			phases.platform[k][me][j] = platform_byte(j, j == k);
		ok = smp_barrier(&phase_barrier, n, PHASE_WAIT_NS) && ok;
		if (me == k)
			arch_local_irq_enable();
		if (!ok)
			phases.timeouts++;
	}
	for (unsigned int i = 0; i < 1000; i++) {
		unsigned long outer = arch_local_irq_save(), inner = arch_local_irq_save();

		if (!(outer & X86_EFLAGS_IF) || (inner & X86_EFLAGS_IF))
			phases.nested_errors++;
		arch_local_irq_restore(inner);
		arch_local_irq_restore(outer);
		if (arch_irqs_disabled())
			phases.nested_errors++;
	}
}

const struct smp_irq_phases *smp_irq_phases_run(unsigned int platform_offset)
{
	unsigned long flags = arch_local_irq_save();

	memset(&phases, 0, sizeof(phases));
	phases.platform_offset = platform_offset;
	arch_local_irq_enable();
	phases.rc = smp_run_on_all(irq_phases, NULL);
	arch_local_irq_restore(flags);
	return &phases;
}

SELFTEST(test_smp_irq_per_cpu, "smp.irq_flag_is_per_cpu", NULL)
{
	const struct smp_irq_phases *p;
	unsigned int n = smp_cpus_online;

	if (!several_cpus())
		return;
	p = smp_irq_phases_run(SMP_NO_PLATFORM_BYTE);
	CHECK(p->rc == 0 && !p->timeouts, "the CPUs did not all take part (rc %ld, %u timeouts)",
	      p->rc, p->timeouts);
	CHECK(!p->nested_errors, "%u wrong states in the concurrent save/restore loops",
	      p->nested_errors);
	for (unsigned int k = 0; k < n; k++)
		for (unsigned int j = 0; j < n; j++)
			CHECK(p->enabled[k][j] == (j != k),
			      "while cpu %u masked, cpu %u saw its interrupts %s", k, j,
			      p->enabled[k][j] ? "on" : "off");
}

static volatile uint64_t seen[MAX_CPUS];

static void read_window(void *arg)
{
	(void)arg;
	seen[smp_processor_id()] = *(volatile uint64_t *)WINDOW;
}

static void flush_window(void *arg)
{
	(void)arg;
	arch_flush_tlb_one(WINDOW);
}

static void flush_all(void *arg)
{
	(void)arg;
	arch_flush_tlb_all();
}

#define SHOOTDOWN_ROUNDS	5

/* Maps the window to frame pfn; with CPU 0's own TLB entry flushed. */
static long remap_window(struct window *w, unsigned long pfn)
{
	long rc = arch_set_pte(&table(w->pt)[PT_INDEX(WINDOW, 1)], arch_make_pte(pfn, PTE_KERNEL));

	arch_flush_tlb_one(WINDOW);
	return rc;
}

static unsigned int others_reading(uint64_t mark)
{
	unsigned int n = 0;

	for (unsigned int cpu = 1; cpu < smp_cpus_online; cpu++)
		n += seen[cpu] == mark;
	return n;
}

/*
 * One round: every other CPU reads frame A through the window (so its
 * TLB holds that translation), CPU 0 remaps the window to frame B and
 * flushes only its own TLB, the others read again (those that still see
 * A kept the old translation), then the shootdown: each must read B.
 * Returns how many kept the old translation, or -1 on a failure.
 */
static int shootdown_round(struct window *w)
{
	unsigned int others = smp_cpus_online - 1, stale;
	long rc = remap_window(w, w->a) ?: smp_call_others(flush_window, NULL) ?:
		  smp_call_others(read_window, NULL);

	CHECK(rc == 0, "mapping frame A on every CPU failed: %ld", rc);
	CHECK(others_reading(MARK_A) == others, "%u of %u other CPUs read frame A through the "
	      "window", others_reading(MARK_A), others);
	rc = rc ?: remap_window(w, w->b) ?: smp_call_others(read_window, NULL);
	stale = others_reading(MARK_A);
	rc = rc ?: smp_call_others(flush_window, NULL) ?: smp_call_others(read_window, NULL);
	CHECK(rc == 0, "remap or cross-CPU call failed: %ld", rc);
	for (unsigned int cpu = 1; cpu < smp_cpus_online; cpu++)
		CHECK(seen[cpu] == MARK_B, "after the shootdown cpu %u reads %#lx, want %#lx",
		      cpu, (unsigned long)seen[cpu], MARK_B);
	return rc || others_reading(MARK_B) != others ? -1 : (int)stale;
}

/*
 * A shootdown shows only on a CPU that kept the old translation: rounds
 * repeat until one did (a TLB may drop an entry at any time, and a vCPU's
 * may be flushed when it is scheduled), and without one the test cannot
 * tell whether the shootdown worked.
 */
SELFTEST(test_smp_shootdown, "smp.tlb_shootdown_on_every_cpu", NULL)
{
	unsigned int round = 0;
	struct window w;
	int stale = 0;

	if (!several_cpus() || !window_build(&w, false))
		return;
	while (round++ < SHOOTDOWN_ROUNDS && (stale = shootdown_round(&w)) == 0)
		;
	if (stale > 0)
		printk("pvkit: smp: before the shootdown %d of %u other CPUs still saw the old "
		       "frame (round %u)\n", stale, smp_cpus_online - 1, round);
	else if (stale == 0)
		selftest_skip("in %d rounds no other CPU kept the old translation: the shootdown "
			      "could not be seen", SHOOTDOWN_ROUNDS);
	window_teardown(&w);
	smp_call_others(flush_all, NULL);
}
