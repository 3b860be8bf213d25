/* SPDX-License-Identifier: MIT */
/*
 * Per-cpu areas reached through %gs (percpu-gs/).  Each CPU's %gs base
 * points at its own struct percpu, so one %gs-relative instruction reads or
 * updates this CPU's copy: no CPU number, no table lookup, no lock.
 */
#ifndef PVKIT_PERCPU_H
#define PVKIT_PERCPU_H

#include <pvkit/compiler.h>
#include <pvkit/percpu-abi.h>

struct timer;

struct percpu {
	struct percpu *self;		/* %gs:0 is the area's own address */
	unsigned int cpu;
	unsigned int reserved;
	unsigned long test_counter;	/* for the self-tests */
	void (*platform_call)(void);	/* see PERCPU_PLATFORM_CALL_OFFSET */
	unsigned char pad[PERCPU_PLATFORM_OFFSET - 32];
	unsigned char platform[PERCPU_PLATFORM_SIZE] __aligned(64);
	/* Below here: the core's, at offsets nothing outside C depends on. */
	struct timer *timer_queue;	/* this CPU's timed callbacks, by deadline */
	bool online;			/* set by the CPU itself once it runs */
	/* A function another CPU asked this one to run (kernel/smp.c). */
	void (*call_fn)(void *arg);
	void *call_arg;
	unsigned long call_req, call_done;	/* sequence numbers */
	unsigned long ipis;			/* IPIs taken */
	/* Work to run in the idle loop, interrupts on (smp_run_on_all). */
	void (*work_fn)(void *arg);
	void *work_arg;
	unsigned long work_req, work_done;
} __aligned(PAGE_SIZE);

_Static_assert(offsetof(struct percpu, platform) == PERCPU_PLATFORM_OFFSET &&
	       offsetof(struct percpu, platform_call) == PERCPU_PLATFORM_CALL_OFFSET,
	       "the platform slots must sit where the patch templates expect them");

extern struct percpu percpu_areas[MAX_CPUS];

#define PERCPU_OFF(field) offsetof(struct percpu, field)

#define this_cpu_read(field)						\
	({								\
		__typeof__(((struct percpu *)0)->field) __v;		\
		__asm__ __volatile__("mov %%gs:%c1, %0"			\
				     : "=r"(__v) : "i"(PERCPU_OFF(field))); \
		__v;							\
	})

#define this_cpu_write(field, val)					\
	__asm__ __volatile__("mov %0, %%gs:%c1"				\
			     :: "r"((__typeof__(((struct percpu *)0)->field))(val)), \
			        "i"(PERCPU_OFF(field)) : "memory")

#define this_cpu_add(field, val)					\
	__asm__ __volatile__("add %0, %%gs:%c1"				\
			     :: "r"((__typeof__(((struct percpu *)0)->field))(val)), \
			        "i"(PERCPU_OFF(field)) : "memory", "cc")

#define this_cpu_inc(field) this_cpu_add(field, 1)

static inline struct percpu *this_cpu_area(void)
{
	return this_cpu_read(self);
}

/* Sets up cpu's area, points %gs at it and lets the platform add its part. */
void percpu_init_cpu(unsigned int cpu);

#endif
