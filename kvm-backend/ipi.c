/* SPDX-License-Identifier: MIT */
/*
 * PV send-IPI: KVM_HC_SEND_IPI delivers a fixed interrupt to the vCPUs of
 * an APIC-ID bitmap (a0, a1: bits from the APIC ID in a2; a3: the ICR's
 * vector and delivery mode) in one exit, where the emulated ICR write
 * takes one exit and a busy check.  It returns how many vCPUs it reached;
 * anything else falls back to the native IPI.  The core's TLB shootdowns
 * and cross-CPU calls travel on send_ipi, so they go this way too.
 */
#include <linux/kvm_para.h>
#include <pvkit/native-hvm.h>
#include <pvkit/printk.h>
#include "kvm.h"

#define APIC_DM_FIXED	0x000

unsigned long kvm_pv_ipis, kvm_pv_ipi_fallbacks;

void kvm_send_ipi(unsigned int cpu)
{
	uint32_t apic = native_apic_id_of(cpu);
	long rc;

	if (!kvm_has(KVM_FEATURE_PV_SEND_IPI) || apic == 0xffffffff) {
		native_ops.smp.send_ipi(cpu);	/* it says why */
		return;
	}
	rc = kvm_hypercall(KVM_HC_SEND_IPI, 1, 0, apic, APIC_DM_FIXED | native_ipi_vector());
	if (rc == 1) {
		__atomic_add_fetch(&kvm_pv_ipis, 1, __ATOMIC_RELAXED);
		return;
	}
	if (!__atomic_fetch_add(&kvm_pv_ipi_fallbacks, 1, __ATOMIC_RELAXED))
		printk("pvkit: kvm: KVM_HC_SEND_IPI to CPU %u returned %ld: native IPIs\n", cpu, rc);
	native_ops.smp.send_ipi(cpu);
}
