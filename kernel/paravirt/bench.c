/* SPDX-License-Identifier: MIT */
/*
 * The microbenchmarks.  Each result is the median of BENCH_REPEATS runs of a
 * loop, timed with the clock op and the cycle counter op, printed as
 *   pvkit: bench: <name> mode=<mode> cycles=<c> ns=<t> iters=<n>x<repeats>
 * (per iteration, two decimals).  After the timings every benchmark site is
 * printed with its patched bytes so tools/pathstat can count the
 * instructions on each path.
 */
#include <pvkit/arch.h>
#include <pvkit/bench.h>
#include <pvkit/percpu.h>
#include <pvkit/printk.h>
#include <pvkit/sites.h>
#include <pvkit/string.h>

#define BENCH_REPEATS	11
#define CHEAP		10000UL		/* iterations of a few instructions */
#define DEAR		1000UL		/* iterations that leave the guest */

unsigned char bench_scratch_page[PAGE_SIZE] __aligned(PAGE_SIZE);
static uint64_t scratch_pte;
static volatile unsigned long bench_lock;

static const char *const mode_names[BENCH_NR_MODES] = {
	[BENCH_NATIVE] = "native", [BENCH_OFF] = "off",
	[BENCH_CALL] = "call", [BENCH_INLINE] = "inline",
};

/* The ops with a forced site mode m (PV_SITE_MODE_*). */
#define V_IRQ(op, m) ((void)__PVOP_CALLEE_MODE(unsigned long, PV_SITE_IRQ_LEN, irq.op, m))
#define SAVE_FL(m) __PVOP_CALLEE_MODE(unsigned long, PV_SITE_SAVE_FL_LEN, irq.save_fl, m)
#define RESTORE_FL(m, f)						\
	((void)__PVOP_CALLEE_MODE(unsigned long, PV_SITE_RESTORE_FL_LEN, irq.restore_fl, m, \
				  PVOP_ARG1(f)))

#define V_IRQ_ENABLE(m)							\
	((void)__PVOP_CALLEE_MODE(unsigned long, PV_SITE_IRQ_ENABLE_LEN, irq.irq_enable, m))
#define B_IRQ_PAIR(m)	do { V_IRQ(irq_disable, m); V_IRQ_ENABLE(m); } while (0)
#define B_SAVE_RESTORE(m) do { unsigned long f = SAVE_FL(m); RESTORE_FL(m, f); } while (0)
#define B_SPINLOCK(m)							\
	do {								\
		unsigned long f = SAVE_FL(m);				\
		V_IRQ(irq_disable, m);					\
		while (__atomic_exchange_n(&bench_lock, 1, __ATOMIC_ACQUIRE)) \
			;						\
		__atomic_store_n(&bench_lock, 0, __ATOMIC_RELEASE);	\
		RESTORE_FL(m, f);					\
	} while (0)
#define B_READ_CR2(m)							\
	((void)__PVOP_CALLEE_MODE(unsigned long, PV_SITE_IRQ_LEN, cpu.read_cr2, m))
#define B_CPUID(m)							\
	do {								\
		struct cpuid_regs r = { 0 };				\
		(void)__PVOP_CALL_MODE(unsigned long, PV_SITE_CALL_LEN, cpu.cpuid, m, \
				       PVOP_ARG1(&r));			\
	} while (0)
#define B_NULL_TRAP(m)							\
	((void)__PVOP_CALL_MODE(unsigned long, PV_SITE_CALL_LEN, cpu.null_trap, m))
#define B_PTE(m)							\
	((void)__PVOP_CALL_MODE(unsigned long, PV_SITE_CALL_LEN, mmu.write_pte, m,	\
				PVOP_ARG2(bench_scratch_page, scratch_pte)))
#define B_PERCPU(m)	this_cpu_inc(test_counter)	/* no pv op: %gs in every mode */

#define LOOP(name, body, m, mode_name)					\
	static void __used __attribute__((noinline))			\
	bench_##name##_##mode_name(unsigned long n)			\
	{								\
		for (unsigned long i = 0; i < n; i++)			\
			body(m);					\
	}
#define LOOPS(name, body)						\
	LOOP(name, body, PV_SITE_MODE_OFF, off)				\
	LOOP(name, body, PV_SITE_MODE_CALL, call)			\
	LOOP(name, body, PV_SITE_MODE_INLINE, inline)

LOOPS(irq_pair, B_IRQ_PAIR)
LOOPS(save_restore, B_SAVE_RESTORE)
LOOPS(spinlock_irqsave, B_SPINLOCK)
LOOPS(read_cr2, B_READ_CR2)
LOOPS(cpuid, B_CPUID)
LOOPS(null_trap, B_NULL_TRAP)
LOOPS(pte_update_flush, B_PTE)
LOOPS(percpu_inc, B_PERCPU)

struct bench {
	const char *name;
	unsigned long iterations;
	bench_loop_fn loop[BENCH_NR_MODES];	/* [BENCH_NATIVE] from .bench_refs */
};

#define BENCH(name_, iters)						\
	{ #name_, iters, { NULL, bench_##name_##_off, bench_##name_##_call,	\
			   bench_##name_##_inline } }

static struct bench benches[] = {
	BENCH(irq_pair, CHEAP),
	BENCH(save_restore, CHEAP),
	BENCH(spinlock_irqsave, CHEAP),
	BENCH(read_cr2, CHEAP),
	BENCH(cpuid, DEAR),
	BENCH(null_trap, DEAR),
	BENCH(pte_update_flush, DEAR),
	BENCH(percpu_inc, CHEAP),
};

extern const struct bench_ref __bench_refs_start[], __bench_refs_end[];

static void find_references(void)
{
	for (const struct bench_ref *r = __bench_refs_start; r < __bench_refs_end; r++)
		for (size_t i = 0; i < ARRAY_SIZE(benches); i++)
			if (!strcmp(benches[i].name, r->bench) && !strcmp(r->backend, pv_ops.name))
				benches[i].loop[BENCH_NATIVE] = r->loop;
}

static uint64_t median(uint64_t *v, int n)
{
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && v[j - 1] > v[j]; j--) {
			uint64_t t = v[j];

			v[j] = v[j - 1];
			v[j - 1] = t;
		}
	return v[n / 2];
}

/*
 * The modes of one benchmark take turns within each repeat, so a slow
 * stretch (the host, Xen's scheduler, dom0) lands on all of them alike.
 */
static void measure(const struct bench *b)
{
	uint64_t cycles[BENCH_NR_MODES][BENCH_REPEATS], ns[BENCH_NR_MODES][BENCH_REPEATS];

	for (int rep = 0; rep < BENCH_REPEATS; rep++) {
		for (int m = 0; m < BENCH_NR_MODES; m++) {
			uint64_t t0, c0;

			if (!b->loop[m])
				continue;
			t0 = arch_clock_ns();
			c0 = arch_rdtsc();
			b->loop[m](b->iterations);
			cycles[m][rep] = arch_rdtsc() - c0;
			ns[m][rep] = arch_clock_ns() - t0;
		}
	}
	for (int m = 0; m < BENCH_NR_MODES; m++) {
		uint64_t c, t;

		if (!b->loop[m])
			continue;
		c = median(cycles[m], BENCH_REPEATS) * 100 / b->iterations;
		t = median(ns[m], BENCH_REPEATS) * 100 / b->iterations;
		printk("pvkit: bench: %s mode=%s cycles=%lu.%02lu ns=%lu.%02lu iters=%lux%d\n",
		       b->name, mode_names[m], (unsigned long)(c / 100), (unsigned long)(c % 100),
		       (unsigned long)(t / 100), (unsigned long)(t % 100), b->iterations,
		       BENCH_REPEATS);
	}
}

static void print_sites(void)
{
	for_each_site(s) {
		const uint8_t *p = (const uint8_t *)s->addr;
		unsigned long target;
		char hex[2 * PV_SITE_MAX_LEN + 1];

		if (s->mode == PV_SITE_MODE_BOOT)
			continue;
		for (unsigned int i = 0; i < s->len && i < PV_SITE_MAX_LEN; i++)
			snprintf(hex + 2 * i, 3, "%02x", p[i]);
		if (site_decode(s, &target) == SITE_OTHER)
			target = 0;
		printk("pvkit: site: addr=%#lx op=%s bytes=%s target=%#lx\n",
		       (unsigned long)s->addr, pv_op_name(s->op), hex, target);
	}
}

void bench_run_all(void)
{
	unsigned long flags = arch_local_irq_save();

	find_references();
	scratch_pte = arch_read_pte((unsigned long)bench_scratch_page);
	printk("pvkit: bench: backend=%s, median of %d runs (modes interleaved), per iteration "
	       "(under QEMU TCG only ratios and instruction counts mean anything)\n",
	       pv_ops.name, BENCH_REPEATS);
	for (size_t i = 0; i < ARRAY_SIZE(benches); i++)
		measure(&benches[i]);
	arch_local_irq_restore(flags);
	print_sites();
}
