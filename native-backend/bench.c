/* SPDX-License-Identifier: MIT */
/*
 * The reference for the benchmarks: each operation's instructions compiled
 * straight into the loop, no paravirt at all.  Registered in .bench_refs,
 * found by kernel/paravirt/bench.c by name.
 */
#include <pvkit/bench.h>
#include <pvkit/percpu.h>
#include "native.h"
#include "vectors.h"

static volatile unsigned long ref_lock;

static void ref_irq_pair(unsigned long n)
{
	for (unsigned long i = 0; i < n; i++)
		__asm__ __volatile__("cli; sti" ::: "memory");
}
BENCH_REF("irq_pair", "native", ref_irq_pair);

static void ref_save_restore(unsigned long n)
{
	for (unsigned long i = 0; i < n; i++) {
		unsigned long f;

		__asm__ __volatile__("pushf; pop %0" : "=r"(f) :: "memory");
		__asm__ __volatile__("push %0; popf" :: "r"(f) : "memory", "cc");
	}
}
BENCH_REF("save_restore", "native", ref_save_restore);

static void ref_spinlock(unsigned long n)
{
	for (unsigned long i = 0; i < n; i++) {
		unsigned long f;

		__asm__ __volatile__("pushf; pop %0; cli" : "=r"(f) :: "memory");
		while (__atomic_exchange_n(&ref_lock, 1, __ATOMIC_ACQUIRE))
			;
		__atomic_store_n(&ref_lock, 0, __ATOMIC_RELEASE);
		__asm__ __volatile__("push %0; popf" :: "r"(f) : "memory", "cc");
	}
}
BENCH_REF("spinlock_irqsave", "native", ref_spinlock);

static void ref_read_cr2(unsigned long n)
{
	for (unsigned long i = 0; i < n; i++) {
		unsigned long v;

		__asm__ __volatile__("mov %%cr2, %0" : "=r"(v));
	}
}
BENCH_REF("read_cr2", "native", ref_read_cr2);

static void ref_cpuid(unsigned long n)
{
	for (unsigned long i = 0; i < n; i++) {
		uint32_t a = 0, b, c = 0, d;

		__asm__ __volatile__("cpuid" : "+a"(a), "=b"(b), "+c"(c), "=d"(d));
	}
}
BENCH_REF("cpuid", "native", ref_cpuid);

static void ref_null_trap(unsigned long n)
{
	for (unsigned long i = 0; i < n; i++)
		__asm__ __volatile__("int %0" :: "i"(NATIVE_NULL_TRAP_VECTOR) : "memory");
}
BENCH_REF("null_trap", "native", ref_null_trap);

static void ref_pte_update(unsigned long n)
{
	unsigned long va = (unsigned long)bench_scratch_page;
	uint64_t pte = native_read_pte(va);

	for (unsigned long i = 0; i < n; i++)
		native_write_pte(va, pte);
}
BENCH_REF("pte_update_flush", "native", ref_pte_update);

static void ref_percpu_inc(unsigned long n)
{
	for (unsigned long i = 0; i < n; i++)
		this_cpu_inc(test_counter);
}
BENCH_REF("percpu_inc", "native", ref_percpu_inc);
