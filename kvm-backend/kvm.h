/* SPDX-License-Identifier: MIT */
/* The KVM backend's internals, grouped by the file that defines them. */
#ifndef PVKIT_KVM_BACKEND_H
#define PVKIT_KVM_BACKEND_H

#include <pvkit/boot.h>
#include <pvkit/percpu.h>

/* ops.c: the KVM feature bits CPUID 0x40000001 offered (KVM_FEATURE_*). */
extern uint32_t kvm_features;
bool kvm_has(unsigned int feature_bit);

/* clock.c: kvmclock, one pvclock per vCPU in its per-cpu platform slot. */
long kvm_clock_cpu_init(unsigned int cpu, struct percpu *area);
uint64_t kvm_clock_ns(void);
extern bool kvm_clock_on;	/* CPU 0's pvclock registered: clock_ns reads it */

/* steal.c: each vCPU's steal-time record. */
long kvm_steal_cpu_init(unsigned int cpu);
/* This vCPU's record: the version KVM bumps on each update, the ns stolen. */
bool kvm_steal_read(unsigned int cpu, uint32_t *version, uint64_t *steal_ns);

#endif
