/* SPDX-License-Identifier: MIT */
/*
 * Steal time: each vCPU gives KVM a 64-byte record (MSR_KVM_STEAL_TIME)
 * where KVM adds the time the vCPU was runnable but not running, with a
 * version odd while it writes.  The records are a static array (a 64-byte
 * record would fill the per-cpu platform slot that the pvclock holds).
 */
#include <pvkit/compiler.h>
#include <linux/kvm_para.h>
#include <pvkit/native-hvm.h>
#include "kvm.h"

static struct kvm_steal_time steal[MAX_CPUS] __aligned(64);
_Static_assert(sizeof(struct kvm_steal_time) == 64, "KVM's steal-time record is 64 bytes");

long kvm_steal_cpu_init(unsigned int cpu)
{
	return native_ops.cpu.write_msr_safe(MSR_KVM_STEAL_TIME,
					     (unsigned long)&steal[cpu] | KVM_MSR_ENABLED);
}

bool kvm_steal_read(unsigned int cpu, uint32_t *version, uint64_t *steal_ns)
{
	const volatile struct kvm_steal_time *st = &steal[cpu];
	uint32_t v;

	if (cpu >= MAX_CPUS)
		return false;
	do {
		v = st->version;
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
		*steal_ns = st->steal;
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
	} while ((v & 1) || v != st->version);
	*version = v;
	return true;
}
