/* SPDX-License-Identifier: MIT */
/*
 * Each vCPU's vcpu_info in its per-cpu area (percpu-gs/): registered with
 * VCPUOP_register_vcpu_info into the area's platform slot, where the %gs
 * irq ops (irq.S) and the patched sites (templates.S) expect it.  Also the
 * cpu_init op, which does that for the boot vCPU and starts each vCPU's
 * timer and IPI channel.
 */
#include <pvkit/percpu.h>
#include <pvkit/printk.h>
#include <xen-common/fault.h>
#include <xen-common/hypercall.h>
#include "xen.h"

_Static_assert(sizeof(struct vcpu_info) == PERCPU_PLATFORM_SIZE,
	       "vcpu_info must fill the per-cpu platform slot");
_Static_assert(offsetof(struct vcpu_info, evtchn_upcall_pending) == 0 &&
	       offsetof(struct vcpu_info, evtchn_upcall_mask) == 1 &&
	       offsetof(struct vcpu_info, arch.cr2) == 16,
	       "irq.S and templates.S address pending, mask and cr2 at these offsets");

/* The ops that switch to their %gs versions once vcpu_info is per-cpu. */
const struct pv_op_override xen_percpu_overrides[] = {
	{ PV_OP_save_fl, xen_save_fl_percpu },
	{ PV_OP_restore_fl, xen_restore_fl_percpu },
	{ PV_OP_irq_disable, xen_irq_disable_percpu },
	{ PV_OP_irq_enable, xen_irq_enable_percpu },
	{ PV_OP_read_cr2, xen_read_cr2_percpu },
	{ 0, NULL },
};

/* Tells Xen to keep cpu's vcpu_info in cpu's per-cpu area (info is filled in). */
long xen_vcpu_info_register(unsigned int cpu, struct vcpu_register_vcpu_info *info)
{
	unsigned long va = (unsigned long)percpu_areas[cpu].platform;

	info->mfn = xen_pfn_to_mfn(va >> PAGE_SHIFT);
	info->offset = (uint32_t)(va & (PAGE_SIZE - 1));
	if (xen_fault(FORCE_XEN_VCPU_INFO)) {
		printk("pvkit: xen: VCPUOP_register_vcpu_info(vcpu %u) refused, injected by "
		       "fail=xen-vcpu-info\n", cpu);
		return XEN_FAULT_RC;
	}
	return HYPERVISOR_vcpu_op(VCPUOP_register_vcpu_info, cpu, info);
}

/*
 * Another vCPU's vcpu_info goes into its area before it starts (by the boot
 * vCPU, in xen_cpu_up): it must never run on shared_info's copy, which the
 * %gs ops do not see.  Masked from its first instruction.
 */
long xen_vcpu_info_place(unsigned int cpu)
{
	struct vcpu_register_vcpu_info info;
	long rc;

	xen_shared_info->vcpu_info[cpu].evtchn_upcall_mask = 1;
	rc = xen_vcpu_info_register(cpu, &info);
	if (rc)
		printk("pvkit: xen: VCPUOP_register_vcpu_info(vcpu %u) failed: %ld\n", cpu, rc);
	return rc;
}

long xen_vcpu_info_rc;

static void boot_vcpu_info(struct percpu *area)
{
	struct vcpu_register_vcpu_info info;
	unsigned int cpu = 0;
	long rc = xen_vcpu_info_register(cpu, &info);

	xen_vcpu_info_rc = rc;
	if (rc) {
		/* Each vCPU then uses its slot in shared_info (the first 32 have one). */
		xen_vcpu_info_legacy = true;
		printk("pvkit: xen: VCPUOP_register_vcpu_info(vcpu %u) failed (%ld): "
		       "fallback: each vCPU's irq ops use its vcpu_info in shared_info, "
		       "irq sites stay calls (not inlined)\n", cpu, rc);
		return;
	}
	/* Xen copied the old vcpu_info here (mask included) and uses this copy now. */
	xen_vcpu = (struct vcpu_info *)area->platform;
	xen_vcpu_info_percpu = true;
	area->platform_call = xen_check_events;	/* for the inline irq_enable */
	for (const struct pv_op_override *o = xen_percpu_overrides; o->fn; o++)
		((const void **)&pv_ops)[o->slot] = o->fn;
	printk("pvkit: xen: vcpu %u vcpu_info at %%gs:%#x (mfn %#lx offset %#x)\n", cpu,
	       PERCPU_PLATFORM_OFFSET, (unsigned long)info.mfn, info.offset);
}

/* On each vCPU once %gs points at its area: the boot vCPU's vcpu_info, then events. */
void xen_cpu_init(unsigned int cpu, struct percpu *area)
{
	if (cpu == 0)
		boot_vcpu_info(area);
	else
		xen_time_cpu_init(cpu);
	xen_smp_cpu_init(cpu);
}
