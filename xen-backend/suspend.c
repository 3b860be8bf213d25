/* SPDX-License-Identifier: MIT */
/*
 * Suspend for xl save, resume after xl restore.  The toolstack saves our
 * memory and vCPU state; frame numbers in it are rewritten for the frames
 * of the new domain, but only where it knows to look: page tables, the p2m
 * and the start_info fields it is told hold frame numbers.  So before
 * suspending we hand it a "canonical" start_info (the ring frames as our
 * own pfns) and drop our one mapping of a frame that is not ours
 * (shared_info).  On resume, everything that lives in Xen, xenstored or
 * xenconsoled rather than in our memory is set up again: shared_info, each
 * vCPU's vcpu_info registration, event channels, watches, the published
 * p2m.  The other vCPUs are idle (blocked) meanwhile: this one runs the
 * kernel's idle loop, which is where a host request is taken.
 */
#include <pvkit/percpu.h>
#include <pvkit/printk.h>
#include <pvkit/smp.h>
#include <pvkit/timer.h>
#include <xen-common/hypercall.h>
#include "xen.h"
#include <xen-common/xenstore.h>

#define CONSOLE_DRAIN_NS	1000000000ULL

static unsigned long mfn_to_pfn(unsigned long mfn)
{
	return machine_to_phys_mapping[mfn];
}

/*
 * A restored domain starts with every vcpu_info back in shared_info, the
 * %gs ops and the patched sites still pointing at the per-cpu copy: put it
 * back there.  Xen copies the shared_info slot into the area, so the slot
 * gets the mask the area had first (masked on this vCPU, which resumes
 * with events off; an idle vCPU was blocked with them on).  Xen moves the
 * vcpu_info of another vCPU only while that one is down: it goes down,
 * gets its vcpu_info and its event channels back, and comes up again where
 * it was.  There is no way on without it.  With the shared_info fallback
 * there is nothing to register: the other vCPUs only bind their channels
 * again, going down and up the same way.
 */
static void cpu_resume(unsigned int cpu)
{
	struct vcpu_register_vcpu_info info;
	long rc;

	if (!cpu && !xen_vcpu_info_percpu)
		return;		/* shared_info's slot, mapped again, serves */
	if (cpu) {
		rc = HYPERVISOR_vcpu_op(VCPUOP_down, cpu, NULL);
		if (rc)
			panic("VCPUOP_down(vcpu %u) after restore failed: %ld", cpu, rc);
	}
	if (xen_vcpu_info_percpu) {
		xen_shared_info->vcpu_info[cpu].evtchn_upcall_mask = cpu ?
			percpu_areas[cpu].platform[offsetof(struct vcpu_info,
							    evtchn_upcall_mask)] : 1;
		rc = xen_vcpu_info_register(cpu, &info);
		if (rc)
			panic("VCPUOP_register_vcpu_info(vcpu %u) failed after restore: %ld",
			      cpu, rc);
	}
	if (!cpu)
		return;
	xen_time_cpu_init(cpu);
	xen_smp_cpu_init(cpu);
	rc = HYPERVISOR_vcpu_op(VCPUOP_up, cpu, NULL);
	if (rc)
		panic("VCPUOP_up(vcpu %u) after restore failed: %ld", cpu, rc);
}


/* Same domain after all (xl save -c, or a failed save): undo the canonical form. */
static void resume_cancelled(start_info_t *si)
{
	si->store_mfn = xen_pfn_to_mfn(si->store_mfn);
	si->console.domU.mfn = xen_pfn_to_mfn(si->console.domU.mfn);
	if (xen_map_shared_info(si->shared_info))
		panic("cannot map shared_info again after a cancelled suspend");
}

/* A new domain: new shared_info frame, new ports, a new xenstored connection. */
static void resume_new_domain(start_info_t *si)
{
	if (xen_map_shared_info(si->shared_info))
		panic("cannot map the restored domain's shared_info");
	xen_evtchn_resume();
	cpu_resume(0);
	xen_time_resume();
	for (unsigned int cpu = 1; cpu < smp_cpus_online; cpu++)
		cpu_resume(cpu);
	xen_pv_rings_init(si);
	xen_control_init();
	xen_p2m_publish();
	timer_interrupt();	/* runs what fell due and arms the next deadline */
}

long xen_suspend(void)
{
	start_info_t *si = xen_start_info;
	struct sched_shutdown s = { .reason = SHUTDOWN_suspend };
	unsigned long si_mfn = xen_pfn_to_mfn((unsigned long)si >> PAGE_SHIFT);
	long rc;

	xen_console_flush(CONSOLE_DRAIN_NS);
	xen_time_suspend();
	si->store_mfn = mfn_to_pfn(si->store_mfn);
	si->console.domU.mfn = mfn_to_pfn(si->console.domU.mfn);
	if (xen_map_shared_info(0))
		panic("cannot unmap shared_info before suspending");

	/* The third argument tells the toolstack where start_info is. */
	rc = xen_hypercall3(__HYPERVISOR_sched_op, SCHEDOP_shutdown, (unsigned long)&s, si_mfn);

	if (rc) {	/* 1: cancelled; < 0: Xen refused the suspend */
		resume_cancelled(si);
		timer_interrupt();
		return rc < 0 ? rc : 1;
	}
	resume_new_domain(si);
	printk("pvkit: xen: resumed in a new domain: console evtchn %u, store evtchn %u\n",
	       xen_console_port(), si->store_evtchn);
	return 0;
}
