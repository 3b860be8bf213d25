/* SPDX-License-Identifier: MIT */
/*
 * Bringing up the other CPUs through pv_ops.smp, and the two ways one CPU
 * gets another to do something:
 *  - smp_call: a short function run in the target's IPI handler,
 *    interrupts off (TLB shootdown, reading per-cpu state);
 *  - smp_run_on_all: a function every CPU runs at the same time, in its
 *    idle loop with interrupts on (the SMP self-tests).
 */
#include <pvkit/arch.h>
#include <pvkit/boot.h>
#include <pvkit/desc.h>
#include <pvkit/options.h>
#include <pvkit/percpu.h>
#include <pvkit/printk.h>
#include <pvkit/smp.h>
#include <pvkit/spinlock.h>

#define AP_STACK_SIZE	(16 * 1024)
#define CPU_UP_WAIT_NS	3000000000ULL	/* TCG is slow; hardware takes microseconds */
#define CALL_WAIT_NS	2000000000ULL
#define WORK_WAIT_NS	20000000000ULL
#define ETIMEDOUT	110

unsigned int smp_cpus_online = 1;

static uint8_t ap_stacks[MAX_CPUS][AP_STACK_SIZE] __aligned(16);
static spinlock_t call_lock[MAX_CPUS];	/* one caller at a time per target */

unsigned int smp_processor_id(void)
{
	return this_cpu_read(cpu);
}

static bool wait_for(const unsigned long *seq, unsigned long want, uint64_t timeout_ns)
{
	uint64_t start = arch_clock_ns();

	while (__atomic_load_n(seq, __ATOMIC_ACQUIRE) != want) {
		if (arch_clock_ns() - start > timeout_ns)
			return false;
		arch_spin_wait();
	}
	return true;
}

/* Runs what other CPUs posted for this one; called with interrupts off. */
void smp_ipi_interrupt(void)
{
	struct percpu *me = this_cpu_area();
	unsigned long req = __atomic_load_n(&me->call_req, __ATOMIC_ACQUIRE);

	me->ipis++;
	if (me->call_done != req) {
		me->call_fn(me->call_arg);
		__atomic_store_n(&me->call_done, req, __ATOMIC_RELEASE);
	}
}

/* fn(arg) on cpu, in its IPI handler; waits until it ran.  0 or -ETIMEDOUT. */
long smp_call(unsigned int cpu, void (*fn)(void *arg), void *arg)
{
	struct percpu *target = &percpu_areas[cpu];
	unsigned long req;
	bool done;

	if (cpu == smp_processor_id()) {
		unsigned long flags = arch_local_irq_save();

		fn(arg);
		arch_local_irq_restore(flags);
		return 0;
	}
	spin_lock(&call_lock[cpu]);
	target->call_fn = fn;
	target->call_arg = arg;
	req = target->call_req + 1;
	__atomic_store_n(&target->call_req, req, __ATOMIC_RELEASE);
	arch_send_ipi(cpu);
	done = wait_for(&target->call_done, req, CALL_WAIT_NS);
	spin_unlock(&call_lock[cpu]);
	if (!done)
		printk("pvkit: smp: cpu %u did not answer an IPI within 2 s\n", cpu);
	return done ? 0 : -ETIMEDOUT;
}

/* fn(arg) on every online CPU but this one; the first error, or 0. */
long smp_call_others(void (*fn)(void *arg), void *arg)
{
	long rc = 0;

	for (unsigned int cpu = 0; cpu < smp_cpus_online; cpu++)
		if (cpu != smp_processor_id())
			rc = smp_call(cpu, fn, arg) ?: rc;
	return rc;
}

/* Posts work for every other CPU, runs it here too, then waits for them all. */
long smp_run_on_all(void (*fn)(void *arg), void *arg)
{
	unsigned int self = smp_processor_id();
	long rc = 0;

	for (unsigned int cpu = 0; cpu < smp_cpus_online; cpu++) {
		struct percpu *p = &percpu_areas[cpu];

		if (cpu == self)
			continue;
		p->work_fn = fn;
		p->work_arg = arg;
		__atomic_store_n(&p->work_req, p->work_req + 1, __ATOMIC_RELEASE);
		arch_send_ipi(cpu);	/* wakes its idle loop */
	}
	fn(arg);
	for (unsigned int cpu = 0; cpu < smp_cpus_online; cpu++) {
		struct percpu *p = &percpu_areas[cpu];

		if (cpu != self && !wait_for(&p->work_done, p->work_req, WORK_WAIT_NS)) {
			printk("pvkit: smp: cpu %u did not finish its work within 20 s\n", cpu);
			rc = -ETIMEDOUT;
		}
	}
	return rc;
}

/*
 * Every CPU waits here until n have arrived, or until the timeout (false:
 * some CPU did not come).  Reusable: each round has its own generation.
 */
bool smp_barrier(struct smp_barrier *b, unsigned int n, uint64_t timeout_ns)
{
	unsigned int gen = __atomic_load_n(&b->generation, __ATOMIC_ACQUIRE);
	uint64_t start = arch_clock_ns();

	if (__atomic_add_fetch(&b->arrived, 1, __ATOMIC_ACQ_REL) == n) {
		__atomic_store_n(&b->arrived, 0, __ATOMIC_RELAXED);
		__atomic_store_n(&b->generation, gen + 1, __ATOMIC_RELEASE);
		return true;
	}
	while (__atomic_load_n(&b->generation, __ATOMIC_ACQUIRE) == gen) {
		if (arch_clock_ns() - start > timeout_ns)
			return false;
		arch_spin_wait();
	}
	return true;
}

/* An AP's life after bring-up: run posted work, else wait for an interrupt. */
static void __noreturn ap_idle(void)
{
	struct percpu *me = this_cpu_area();

	for (;;) {
		unsigned long req;

		arch_local_irq_disable();
		req = __atomic_load_n(&me->work_req, __ATOMIC_ACQUIRE);
		if (req != me->work_done) {
			arch_local_irq_enable();
			me->work_fn(me->work_arg);
			__atomic_store_n(&me->work_done, req, __ATOMIC_RELEASE);
			continue;
		}
		arch_safe_halt();
	}
}

void __noreturn smp_ap_start(unsigned int cpu)
{
	percpu_init_cpu(cpu);
	/* Where an interrupt from user mode would switch to (the backend set it too). */
	arch_load_sp0((unsigned long)ap_stacks[cpu] + AP_STACK_SIZE);
	if (cpu == 1 && kopt.fail == FORCE_CPU_HANG) {
		arch_local_irq_disable();
		for (;;)
			arch_halt();	/* never says it is up: the boot CPU must cope */
	}
	__atomic_store_n(&percpu_areas[cpu].online, true, __ATOMIC_RELEASE);
	ap_idle();
}

static bool wait_online(unsigned int cpu)
{
	uint64_t start = arch_clock_ns();

	while (!__atomic_load_n(&percpu_areas[cpu].online, __ATOMIC_ACQUIRE)) {
		if (arch_clock_ns() - start > CPU_UP_WAIT_NS)
			return false;
		arch_spin_wait();
	}
	return true;
}

/*
 * CPUs are numbered densely: CPU n starts only once n - 1 is up, and a CPU
 * that does not come up ends the bring-up (the rest stay down), so CPU
 * numbers 0 .. smp_cpus_online - 1 are exactly the ones running.
 */
unsigned int smp_boot_cpus(const struct boot_info *bi)
{
	unsigned int want = bi->cpus_present ? bi->cpus_present : 1;

	percpu_areas[0].online = true;
	if (kopt.nosmp) {
		printk("pvkit: smp: maxcpus=0: no SMP, only the boot CPU runs (%u CPUs present)\n",
		       want);
		want = 1;
	} else if (kopt.maxcpus && want > kopt.maxcpus) {
		printk("pvkit: smp: %u CPUs present, maxcpus=%u: CPUs %u to %u stay down\n", want,
		       kopt.maxcpus, kopt.maxcpus, want - 1);
		want = kopt.maxcpus;
	}
	if (want > MAX_CPUS) {
		printk("pvkit: smp: %u CPUs present, this kernel supports %u (MAX_CPUS): "
		       "CPUs %u to %u stay down\n", want, MAX_CPUS, MAX_CPUS, want - 1);
		want = MAX_CPUS;
	}
	for (unsigned int cpu = 1; cpu < want; cpu++) {
		long rc;

		/* What this_cpu_area() reads before the CPU's own percpu_init_cpu. */
		percpu_areas[cpu].self = &percpu_areas[cpu];
		percpu_areas[cpu].cpu = cpu;
		rc = arch_cpu_up(cpu, (unsigned long)ap_stacks[cpu] + AP_STACK_SIZE);

		if (rc) {
			printk("pvkit: smp: cpu %u could not be started (%ld): it and the %u "
			       "after it stay down\n", cpu, rc, want - cpu - 1);
			break;
		}
		if (!wait_online(cpu)) {
			printk("pvkit: smp: cpu %u did not come up within %llu ms: it and the %u "
			       "after it stay down\n", cpu, CPU_UP_WAIT_NS / 1000000, want - cpu - 1);
			break;
		}
		__atomic_store_n(&smp_cpus_online, cpu + 1, __ATOMIC_RELEASE);
	}
	printk("pvkit: smp: %u of %u CPUs online\n", smp_cpus_online, want);
	return smp_cpus_online;
}
