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
void kvm_set_timer(uint64_t deadline_ns);	/* on the native timer */
extern bool kvm_clock_on;	/* CPU 0's pvclock registered: clock_ns reads it */

/* steal.c: each vCPU's steal-time record. */
long kvm_steal_cpu_init(unsigned int cpu);
/* This vCPU's record: the version KVM bumps on each update, the ns stolen. */
bool kvm_steal_read(unsigned int cpu, uint32_t *version, uint64_t *steal_ns);

/* eoi.c: PV EOI, the word in the per-cpu platform slot; EOIs by kind, per CPU. */
long kvm_pv_eoi_cpu_init(unsigned int cpu, struct percpu *area);
extern unsigned long kvm_pv_eois[MAX_CPUS], kvm_apic_eois[MAX_CPUS];

/* hypercall.S: the hypercall (-KVM_Exxx or the call's result) and its instruction. */
long kvm_hypercall(unsigned long nr, unsigned long a0, unsigned long a1, unsigned long a2,
		   unsigned long a3);
extern uint8_t kvm_hypercall_insn[3];

/* patch.c: the vendor's hypercall instruction over the site; the two. */
void kvm_patch_hypercall(void);
extern const uint8_t kvm_vmcall[3], kvm_vmmcall[3];
bool kvm_cpu_is_amd(void);	/* AMD or Hygon: vmmcall */

/* ipi.c: pv_ops.smp.send_ipi through KVM_HC_SEND_IPI; IPIs sent so, and fallbacks. */
void kvm_send_ipi(unsigned int cpu);
extern unsigned long kvm_pv_ipis, kvm_pv_ipi_fallbacks;

#endif
