/* SPDX-License-Identifier: MIT */
/* Self-tests that only mean something under KVM: each feature's effect. */
#include <pvkit/compiler.h>
#include <xen/xen.h>
#include <linux/kvm_para.h>
#include <pvkit/arch.h>
#include <pvkit/native-hvm.h>
#include <pvkit/percpu.h>
#include <pvkit/printk.h>
#include <pvkit/selftest.h>
#include <pvkit/smp.h>
#include "kvm.h"

#define MONOTONIC_READS	20000
#define RATE_NS		200000000ULL	/* 200 ms of kvmclock against the TSC clock */
#define RATE_BOUND_PPM	20000		/* within 2%: the PIT calibration's own error */

static bool need(unsigned int feature_bit, const char *what)
{
	if (kvm_has(feature_bit))
		return true;
	selftest_skip("KVM does not offer %s", what);
	return false;
}

/* Each online vCPU's pvclock is in its per-cpu area, published by KVM. */
SELFTEST(test_kvmclock_percpu, "kvm.kvmclock_in_percpu_area", "kvm")
{
	if (!need(KVM_FEATURE_CLOCKSOURCE2, "kvmclock"))
		return;
	CHECK(kvm_clock_on, "CPU 0's kvmclock is not registered");
	for (unsigned int cpu = 0; cpu < smp_cpus_online; cpu++) {
		const volatile struct vcpu_time_info *t = (const void *)percpu_areas[cpu].platform;

		CHECK(t->version && !(t->version & 1) && t->tsc_to_system_mul,
		      "CPU %u: no pvclock in its per-cpu area (version %u)", cpu, t->version);
	}
	selftest_note("%u vCPUs, pvclock at %%gs:%#x", smp_cpus_online, PERCPU_PLATFORM_OFFSET);
}

static unsigned long backwards[MAX_CPUS];

static void read_clock_often(void *arg)
{
	uint64_t last = arch_clock_ns();

	(void)arg;
	for (int i = 0; i < MONOTONIC_READS; i++) {
		uint64_t now = arch_clock_ns();

		if (now < last)
			backwards[smp_processor_id()]++;
		last = now;
	}
}

/* clock_ns never goes back on any vCPU, all reading it at once. */
SELFTEST(test_kvmclock_monotonic, "kvm.kvmclock_monotonic_on_each_cpu", "kvm")
{
	if (!need(KVM_FEATURE_CLOCKSOURCE2, "kvmclock"))
		return;
	for (unsigned int cpu = 0; cpu < MAX_CPUS; cpu++)
		backwards[cpu] = 0;
	CHECK(!smp_run_on_all(read_clock_often, NULL), "not every CPU ran the reads");
	for (unsigned int cpu = 0; cpu < smp_cpus_online; cpu++)
		CHECK(!backwards[cpu], "CPU %u: clock_ns went back %lu times in %d reads", cpu,
		      backwards[cpu], MONOTONIC_READS);
}

/* kvmclock and the native TSC clock (PIT-calibrated) run at the same rate. */
SELFTEST(test_kvmclock_vs_tsc, "kvm.kvmclock_agrees_with_tsc_clock", "kvm")
{
	uint64_t k0, t0, k1, t1;
	int64_t ppm;

	if (!need(KVM_FEATURE_CLOCKSOURCE2, "kvmclock"))
		return;
	k0 = arch_clock_ns();
	t0 = native_ops.time.clock_ns();
	while ((k1 = arch_clock_ns()) - k0 < RATE_NS)
		;
	t1 = native_ops.time.clock_ns();
	ppm = ((int64_t)(t1 - t0) - (int64_t)(k1 - k0)) * 1000000 / (int64_t)(k1 - k0);
	selftest_note("over %lu us of kvmclock the TSC clock ran %lu us: %ld ppm (bound %d)",
		      (unsigned long)((k1 - k0) / 1000), (unsigned long)((t1 - t0) / 1000),
		      (long)ppm, RATE_BOUND_PPM);
	CHECK(ppm < RATE_BOUND_PPM && ppm > -RATE_BOUND_PPM,
	      "kvmclock and the TSC clock differ by %ld ppm", (long)ppm);
}

static uint32_t steal_version[MAX_CPUS];
static uint64_t steal_ns[MAX_CPUS];

static void read_steal(void *arg)
{
	unsigned int cpu = smp_processor_id();

	(void)arg;
	kvm_steal_read(cpu, &steal_version[cpu], &steal_ns[cpu]);
}

/* Every vCPU reads its own steal-time record, which KVM keeps up to date. */
SELFTEST(test_kvm_steal_time, "kvm.steal_time_on_each_cpu", "kvm")
{
	if (!need(KVM_FEATURE_STEAL_TIME, "steal time"))
		return;
	CHECK(!smp_run_on_all(read_steal, NULL), "not every CPU read its record");
	for (unsigned int cpu = 0; cpu < smp_cpus_online; cpu++) {
		CHECK(steal_version[cpu] && !(steal_version[cpu] & 1),
		      "CPU %u: KVM never updated its steal-time record", cpu);
		selftest_note("cpu %u: steal time %lu us (record version %u)", cpu,
			      (unsigned long)(steal_ns[cpu] / 1000), steal_version[cpu]);
	}
}
