/* SPDX-License-Identifier: MIT */
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
#include <pvkit/selftest-window.h>

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

#define SHOOTDOWN_ROUNDS	20

/* Maps the window to frame pfn; with CPU 0's own TLB entry flushed. */
static long remap_window(struct window *w, unsigned long pfn)
{
	long rc = arch_set_pte(&table(w->pt)[PT_INDEX(WINDOW, 1)], arch_make_pte(pfn, PTE_KERNEL));

	arch_flush_tlb_one(WINDOW);
	return rc;
}

/*
 * One CPU at a time (the target) against CPU 0, both in smp_run_on_all:
 * the target reads the window (frame A), CPU 0 remaps it to frame B and
 * flushes only its own TLB, the target reads again (A if it kept the old
 * translation), CPU 0 shoots the entry down with an IPI, the target reads
 * a third time.  The target busy-waits between its reads, with interrupts
 * on for the IPI: blocking or yielding could let the hypervisor flush its
 * TLB on a context switch, and the shootdown would prove nothing.
 */
static struct {
	struct window *w;
	unsigned int target, step;
	uint64_t reads[3];
	long rc;
	bool timeout;
} sd;

static bool step_reached(unsigned int step, bool yield)
{
	uint64_t start = arch_clock_ns();

	while (READ_ONCE(sd.step) < step) {
		if (arch_clock_ns() - start > PHASE_WAIT_NS) {
			sd.timeout = true;
			return false;
		}
		if (yield)
			arch_spin_wait();
		else
			__builtin_ia32_pause();
	}
	return true;
}

static void next_step(unsigned int step)
{
	__atomic_store_n(&sd.step, step, __ATOMIC_RELEASE);
}

static void shootdown_pair(void *arg)
{
	unsigned int me = smp_processor_id();

	(void)arg;
	if (me == sd.target) {
		for (unsigned int i = 0; i < 3; i++) {
			if (!step_reached(2 * i, false))
				break;
			sd.reads[i] = *(volatile uint64_t *)WINDOW;
			next_step(2 * i + 1);
		}
	} else if (me == 0) {
		/* No yield here either: the target's reads should be close together. */
		if (step_reached(1, false)) {
			sd.rc = remap_window(sd.w, sd.w->b);
			next_step(2);
		}
		if (step_reached(3, false)) {
			sd.rc = sd.rc ?: smp_call(sd.target, flush_window, NULL);
			next_step(4);
		}
		step_reached(5, true);
		next_step(6);		/* a target that timed out stops waiting */
	}
}

/* One round over every other CPU: how many kept the old translation, or -1. */
static int shootdown_round(struct window *w)
{
	unsigned int stale = 0;
	bool failed = false;

	for (unsigned int cpu = 1; cpu < smp_cpus_online; cpu++) {
		long rc = remap_window(w, w->a) ?: smp_call(cpu, flush_window, NULL);

		memset(&sd, 0, sizeof(sd));
		sd.w = w;
		sd.target = cpu;
		rc = rc ?: smp_run_on_all(shootdown_pair, NULL) ?: sd.rc;
		CHECK(rc == 0 && !sd.timeout, "cpu %u: remap or cross-CPU call failed: %ld%s", cpu,
		      rc, sd.timeout ? " (timed out)" : "");
		CHECK(sd.reads[0] == MARK_A, "cpu %u reads %#lx through the window, want frame A's "
		      "%#lx", cpu, (unsigned long)sd.reads[0], MARK_A);
		CHECK(sd.reads[2] == MARK_B, "after the shootdown cpu %u reads %#lx, want %#lx",
		      cpu, (unsigned long)sd.reads[2], MARK_B);
		failed |= rc || sd.timeout || sd.reads[0] != MARK_A || sd.reads[2] != MARK_B;
		stale += sd.reads[1] == MARK_A;
	}
	return failed ? -1 : (int)stale;
}

/*
 * A shootdown shows only on a CPU that kept the old translation: rounds
 * repeat until one did (a TLB may drop an entry at any time), and without
 * one the test cannot tell whether the shootdown worked.
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
