/* SPDX-License-Identifier: MIT */
/*
 * Suspend for xl save, resume after xl restore, in an HVM container.  The
 * toolstack saves our memory and each vCPU's HVM state (registers, local
 * APIC, the hypercall page in our memory); what lives in Xen, xenstored or
 * xenconsoled is set up again in the new domain: shared_info over our
 * page, the event channels (new ports, read from the HVM params again),
 * each vCPU's vcpu_info registration, upcall vector and VIRQ_TIMER, the
 * control/shutdown watch.  A vCPU registers only its own vcpu_info (Xen
 * moves another vCPU's only while that one is down, and an HVM container
 * has no VCPUOP_down): the boot vCPU asks each other vCPU, by IPI, to
 * redo its own.
 */
#include <pvkit/compiler.h>
#include <xen/sched.h>
#include <pvkit/printk.h>
#include <pvkit/smp.h>
#include <pvkit/timer.h>
#include <xen-common/hypercall.h>
#include "pvh.h"

#define CONSOLE_DRAIN_NS	1000000000ULL

/* This vCPU in the new domain (cpu 0 with events off, the others in an IPI). */
static void vcpu_resume(void *arg)
{
	unsigned int cpu = smp_processor_id();
	long rc = xen_pvh_vcpu_info_register(cpu);

	(void)arg;
	if (rc)
		panic("VCPUOP_register_vcpu_info(vcpu %u) after restore failed: %ld", cpu, rc);
	((struct vcpu_info *)this_cpu_area()->platform)->evtchn_upcall_mask = 0;
	rc = xen_pvh_upcall_vector_set(cpu);
	if (rc)
		panic("the upcall vector of vcpu %u after restore: %ld", cpu, rc);
	if (cpu)
		xen_time_cpu_init(cpu);
}

long xen_pvh_suspend(void)
{
	struct sched_shutdown s = { .reason = SHUTDOWN_suspend };
	long rc;

	xen_console_flush(CONSOLE_DRAIN_NS);
	xen_time_suspend();
	/* 0: resumed in a new domain; 1: cancelled (xl save -c, or a failed save). */
	rc = HYPERVISOR_sched_op(SCHEDOP_shutdown, &s);
	if (rc) {
		timer_interrupt();	/* runs what fell due and arms the next deadline */
		return rc < 0 ? rc : 1;
	}
	xen_pvh_resume_shared();
	vcpu_resume(NULL);
	xen_time_resume();
	xen_control_init();
	for (unsigned int cpu = 1; cpu < smp_cpus_online; cpu++)
		if (smp_call(cpu, vcpu_resume, NULL))
			panic("vcpu %u did not answer after restore", cpu);
	timer_interrupt();
	printk("pvkit: xen-pvh: resumed in a new domain: console evtchn %u, %s\n",
	       xen_console_port(), xen_pvh_upcall_how);
	return 0;
}
