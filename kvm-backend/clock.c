/* SPDX-License-Identifier: MIT */
/*
 * kvmclock: each vCPU registers a pvclock record with MSR_KVM_SYSTEM_TIME_NEW
 * in its per-cpu platform slot, so %gs:PERCPU_PLATFORM_OFFSET is this vCPU's
 * on every vCPU.  KVM's record is Xen's vcpu_time_info, the same ABI (the
 * Linux uapi headers do not carry struct pvclock_vcpu_time_info; libxen-dev
 * does, as <xen/xen.h>): ns = system_time + scale(tsc - tsc_timestamp), the
 * version odd while KVM rewrites it.  Until CPU 0 has its record, and on a
 * vCPU before its own, the native TSC clock serves; at CPU 0's switch an
 * offset keeps the clock running on from where the TSC clock was.
 */
#include <pvkit/compiler.h>
#include <xen/xen.h>
#include <linux/kvm_para.h>
#include <pvkit/native-hvm.h>
#include "kvm.h"

_Static_assert(sizeof(struct vcpu_time_info) <= PERCPU_PLATFORM_SIZE,
	       "the pvclock must fit the per-cpu platform slot");

bool kvm_clock_on;
static int64_t offset_ns;	/* clock_ns = kvmclock + offset_ns */

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

static uint64_t pvclock_read(const volatile struct vcpu_time_info *t)
{
	uint32_t version;
	uint64_t ns, d;

	do {
		version = t->version;
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
		d = rdtsc() - t->tsc_timestamp;
		d = t->tsc_shift < 0 ? d >> -t->tsc_shift : d << t->tsc_shift;
		ns = t->system_time + (uint64_t)(((unsigned __int128)d * t->tsc_to_system_mul) >> 32);
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
	} while ((version & 1) || version != t->version);
	return ns;
}

static const volatile struct vcpu_time_info *this_pvclock(void)
{
	return (const volatile struct vcpu_time_info *)this_cpu_area()->platform;
}

long kvm_clock_cpu_init(unsigned int cpu, struct percpu *area)
{
	unsigned long pa = (unsigned long)area->platform;	/* identity-mapped */
	int rc = native_ops.cpu.write_msr_safe(MSR_KVM_SYSTEM_TIME_NEW, pa | KVM_MSR_ENABLED);

	if (rc)
		return rc;
	if (!cpu) {
		uint64_t before = native_ops.time.clock_ns();

		offset_ns = (int64_t)(before - pvclock_read(
			(const volatile struct vcpu_time_info *)area->platform));
		__atomic_store_n(&kvm_clock_on, true, __ATOMIC_RELEASE);
	}
	return 0;
}

uint64_t kvm_clock_ns(void)
{
	if (!__atomic_load_n(&kvm_clock_on, __ATOMIC_ACQUIRE) || !this_pvclock()->version)
		return native_ops.time.clock_ns();
	return pvclock_read(this_pvclock()) + (uint64_t)offset_ns;
}

/*
 * The native timer (the local APIC, TSC-deadline under KVM) counts on the
 * native TSC clock: a kvmclock deadline becomes the native clock's by the
 * two clocks' difference now, else a drift of a few hundred ppm would
 * fire it early, again and again, until kvmclock caught up.
 */
void kvm_set_timer(uint64_t deadline_ns)
{
	int64_t ahead = (int64_t)(kvm_clock_ns() - native_ops.time.clock_ns());

	native_ops.time.set_timer(deadline_ns - (uint64_t)ahead);
}
