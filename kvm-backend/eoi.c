/* SPDX-License-Identifier: MIT */
/*
 * PV EOI: each vCPU gives KVM a word (MSR_KVM_PV_EOI_EN) in its per-cpu
 * platform slot, after the pvclock.  When KVM injects an interrupt whose
 * EOI it need not see (edge-triggered, nothing else pending), it sets
 * bit 0; the EOI is then a test-and-clear of that bit with no APIC write
 * (no exit).  A clear bit means the APIC must hear the EOI as usual.
 */
#include <pvkit/compiler.h>
#include <xen/xen.h>
#include <linux/kvm_para.h>
#include <pvkit/native-hvm.h>
#include "kvm.h"

#define PV_EOI_OFFSET	32	/* in the platform slot, after the vcpu_time_info */

_Static_assert(sizeof(struct vcpu_time_info) <= PV_EOI_OFFSET &&
	       PV_EOI_OFFSET + 4 <= PERCPU_PLATFORM_SIZE, "the PV EOI word must fit the slot");

unsigned long kvm_pv_eois[MAX_CPUS], kvm_apic_eois[MAX_CPUS];

static uint32_t *pv_eoi_word(struct percpu *area)
{
	return (uint32_t *)(area->platform + PV_EOI_OFFSET);
}

static bool kvm_pv_eoi(void)
{
	struct percpu *area = this_cpu_area();
	bool pv = __atomic_fetch_and(pv_eoi_word(area), ~(uint32_t)KVM_PV_EOI_ENABLED,
				     __ATOMIC_ACQ_REL) & KVM_PV_EOI_ENABLED;

	if (area->cpu < MAX_CPUS)
		(pv ? kvm_pv_eois : kvm_apic_eois)[area->cpu]++;
	return pv;
}

long kvm_pv_eoi_cpu_init(unsigned int cpu, struct percpu *area)
{
	unsigned long pa = (unsigned long)pv_eoi_word(area);	/* identity-mapped */

	(void)cpu;
	*pv_eoi_word(area) = 0;
	native_eoi_hook = kvm_pv_eoi;
	return native_ops.cpu.write_msr_safe(MSR_KVM_PV_EOI_EN, pa | KVM_MSR_ENABLED);
}
