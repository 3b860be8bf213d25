/* SPDX-License-Identifier: MIT */
/*
 * Several CPUs: bring-up, and the services that need more than one CPU
 * (calling a function on another CPU, TLB shootdown).  CPU numbers are the
 * core's: 0 is the boot CPU.
 */
#ifndef PVKIT_SMP_H
#define PVKIT_SMP_H

#include <pvkit/compiler.h>
#include <pvkit/percpu-abi.h>

struct boot_info;

/* CPUs running the kernel (1 until smp_boot_cpus brings up the others). */
extern unsigned int smp_cpus_online;

/* Starts every other CPU the platform offers, up to MAX_CPUS; returns the count online. */
unsigned int smp_boot_cpus(const struct boot_info *bi);

/* A started CPU's first C code (backends jump here via pv_ops.smp.cpu_up). */
void __noreturn smp_ap_start(unsigned int cpu);

/* Backends call this from their IPI handler, interrupts off. */
void smp_ipi_interrupt(void);

/* This CPU's number, from its per-cpu area. */
unsigned int smp_processor_id(void);

/* fn(arg) on cpu in its IPI handler (interrupts off); waits.  0 or -ETIMEDOUT. */
long smp_call(unsigned int cpu, void (*fn)(void *arg), void *arg);
/* smp_call on every other online CPU, one after the other. */
long smp_call_others(void (*fn)(void *arg), void *arg);
/* fn(arg) on every online CPU at once (others in their idle loop, interrupts on). */
long smp_run_on_all(void (*fn)(void *arg), void *arg);

struct smp_barrier {
	unsigned int arrived, generation;
};

/* Waits until n CPUs are here; false if they did not all come in time. */
bool smp_barrier(struct smp_barrier *b, unsigned int n, uint64_t timeout_ns);

/*
 * For the self-tests: what every CPU saw while each CPU in turn masked
 * interrupts; platform[k][i][j] is CPU j's per-cpu platform byte at
 * platform_offset as CPU i read it in phase k (Xen: the upcall mask),
 * read again a few times while it is not what CPU j's state should give.
 */
struct smp_irq_phases {
	unsigned int platform_offset;
	bool enabled[MAX_CPUS][MAX_CPUS];	/* [phase][cpu]: its own flag */
	uint8_t platform[MAX_CPUS][MAX_CPUS][MAX_CPUS];
	unsigned int timeouts, nested_errors;
	long rc;
};

#define SMP_NO_PLATFORM_BYTE	(~0U)	/* platform_offset: read no byte */

const struct smp_irq_phases *smp_irq_phases_run(unsigned int platform_offset);

#endif
