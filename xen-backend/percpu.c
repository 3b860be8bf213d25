/*
 * Per-vCPU set-up: move this vCPU's vcpu_info into its per-cpu area, where
 * the %gs irq ops and the patched sites expect it.
 */
#include <pvkit/percpu.h>
#include <pvkit/printk.h>
#include "hypercall.h"
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

unsigned long xen_pfn_to_mfn(unsigned long pfn)
{
	return ((const unsigned long *)xen_start_info->mfn_list)[pfn];
}

void xen_write_gs_base(unsigned long base)
{
	long rc = HYPERVISOR_set_segment_base(SEGBASE_GS_KERNEL, base);

	if (rc)
		panic("set_segment_base(GS_KERNEL, %#lx) failed: %ld", base, rc);
}

static long register_vcpu_info(unsigned int cpu, struct percpu *area,
			       struct vcpu_register_vcpu_info *info)
{
	unsigned long va = (unsigned long)area->platform;

	info->mfn = xen_pfn_to_mfn(va >> PAGE_SHIFT);
	info->offset = (uint32_t)(va & (PAGE_SIZE - 1));
	return HYPERVISOR_vcpu_op(VCPUOP_register_vcpu_info, cpu, info);
}

/*
 * A restored domain starts with every vcpu_info back in shared_info, the
 * %gs ops and the patched sites still pointing at the per-cpu copy: put it
 * back there.  Xen copies the shared_info slot into the area, so the slot
 * gets the mask the area had first (masked on this vCPU, which resumes
 * with events off; an idle vCPU was blocked with them on).  Xen moves the
 * vcpu_info of another vCPU only while that one is down: it goes down,
 * gets its vcpu_info and its event channels back, and comes up again where
 * it was.  There is no way on without it.
 */
void xen_cpu_resume(unsigned int cpu)
{
	struct vcpu_register_vcpu_info info;
	long rc;

	if (!xen_vcpu_info_percpu)
		return;
	if (cpu) {
		rc = HYPERVISOR_vcpu_op(VCPUOP_down, cpu, NULL);
		if (rc)
			panic("VCPUOP_down(vcpu %u) after restore failed: %ld", cpu, rc);
	}
	xen_shared_info->vcpu_info[cpu].evtchn_upcall_mask =
		cpu ? percpu_areas[cpu].platform[offsetof(struct vcpu_info, evtchn_upcall_mask)] : 1;
	rc = register_vcpu_info(cpu, &percpu_areas[cpu], &info);
	if (rc)
		panic("VCPUOP_register_vcpu_info(vcpu %u) failed after restore: %ld", cpu, rc);
	if (!cpu)
		return;
	xen_time_cpu_init(cpu);
	xen_smp_cpu_init(cpu);
	rc = HYPERVISOR_vcpu_op(VCPUOP_up, cpu, NULL);
	if (rc)
		panic("VCPUOP_up(vcpu %u) after restore failed: %ld", cpu, rc);
}

static void boot_vcpu_info(struct percpu *area);

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
	rc = register_vcpu_info(cpu, &percpu_areas[cpu], &info);
	if (rc)
		printk("pvkit: xen: VCPUOP_register_vcpu_info(vcpu %u) failed: %ld\n", cpu, rc);
	return rc;
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

static void boot_vcpu_info(struct percpu *area)
{
	struct vcpu_register_vcpu_info info;
	unsigned int cpu = 0;
	long rc = register_vcpu_info(cpu, area, &info);

	if (rc) {
		printk("pvkit: xen: VCPUOP_register_vcpu_info(vcpu %u) failed (%ld): "
		       "irq ops use shared_info's vcpu_info, irq sites are not inlined\n",
		       cpu, rc);
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
