/* SPDX-License-Identifier: MIT */
/*
 * Other vCPUs.  A PV vCPU starts from a vcpu_guest_context we fill in
 * (VCPUOP_initialise): registers, page-table root, kernel stack, callbacks,
 * its own GDT frames and its %gs base, the per-cpu area.  Its vcpu_info is
 * placed in that area before it runs.  IPIs are event channels bound with
 * EVTCHNOP_bind_ipi: one per vCPU, sent from anywhere, delivered to that
 * vCPU.
 */
#include <pvkit/desc.h>
#include <pvkit/mm.h>
#include <pvkit/printk.h>
#include <pvkit/smp.h>
#include <pvkit/string.h>
#include <xen-common/hypercall.h>
#include "xen.h"

#define EOPNOTSUPP	95
#define ENOMEM		12

extern const char xen_event_callback[], xen_failsafe_callback[];

static evtchn_port_t ipi_port[MAX_CPUS];

static void ipi_event(evtchn_port_t port)
{
	(void)port;
	smp_ipi_interrupt();
}

/* On vCPU cpu: its IPI channel. */
void xen_smp_cpu_init(unsigned int cpu)
{
	struct evtchn_bind_ipi bind = { .vcpu = cpu };
	long rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_ipi, &bind);

	if (rc)
		panic("EVTCHNOP_bind_ipi(vcpu %u) failed: %ld", cpu, rc);
	xen_evtchn_set_handler_on(bind.port, cpu, ipi_event);
	ipi_port[cpu] = bind.port;
	xen_evtchn_unmask(bind.port, "IPI");
}

void xen_send_ipi(unsigned int cpu)
{
	long rc = xen_evtchn_send(ipi_port[cpu]);

	if (rc)
		printk("pvkit: xen: IPI to vcpu %u (port %u) failed: %ld\n", cpu, ipi_port[cpu], rc);
}

/* The vCPU we wait for may be waiting for our physical CPU. */
void xen_spin_wait(void)
{
	HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
}

/* A new vCPU's first code: its own trap table, then the core. */
static void __noreturn xen_ap_start(unsigned int cpu)
{
	xen_traps_init();
	smp_ap_start(cpu);
}

/*
 * Each new vCPU starts with a GDT of its own: one page, empty but for what
 * the kernel writes into it later (Xen's reserved entries, FLAT_KERNEL_CS
 * and the rest, lie beyond it and stay usable).
 */
static long gdt_for(unsigned int cpu, struct vcpu_guest_context *ctxt)
{
	static unsigned long pfns[MAX_CPUS];
	struct desc_ptr gdt;

	if (!pfns[cpu])
		pfns[cpu] = page_alloc();
	if (!pfns[cpu])
		return -ENOMEM;
	gdt = (struct desc_ptr) { PAGE_SIZE - 1, (uint64_t)pfn_to_virt(pfns[cpu]) };
	ctxt->gdt_ents = xen_gdt_frames(cpu, &gdt, ctxt->gdt_frames);
	return 0;
}

long xen_cpu_up(unsigned int cpu, unsigned long stack_top)
{
	static struct vcpu_guest_context ctxt;	/* 5 KiB; CPUs start one at a time */
	unsigned long root_mfn = xen_pfn_to_mfn(xen_read_cr3() >> PAGE_SHIFT);
	long rc;

	if (xen_vcpu_info_legacy && cpu >= XEN_LEGACY_MAX_VCPUS) {
		printk("pvkit: xen: vcpu %u has no vcpu_info in shared_info, and Xen refused "
		       "to place one\n", cpu);
		return -EOPNOTSUPP;
	}
	if (xen_vcpu_info_legacy) {
		/* Its slot in shared_info serves; masked from its first instruction. */
		xen_shared_info->vcpu_info[cpu].evtchn_upcall_mask = 1;
	} else {
		rc = xen_vcpu_info_place(cpu);
		if (rc)
			return rc;
		percpu_areas[cpu].platform_call = xen_check_events;	/* inline irq_enable */
	}
	memset(&ctxt, 0, sizeof(ctxt));
	rc = gdt_for(cpu, &ctxt);
	if (rc)
		return rc;
	ctxt.flags = VGCF_in_kernel;
	ctxt.user_regs.rip = (unsigned long)xen_ap_start;
	ctxt.user_regs.rsp = stack_top - 8;	/* as after a call: the ABI's alignment */
	ctxt.user_regs.rdi = cpu;
	ctxt.user_regs.cs = FLAT_KERNEL_CS;
	ctxt.user_regs.ss = FLAT_KERNEL_SS;
	ctxt.kernel_ss = FLAT_KERNEL_SS;
	ctxt.kernel_sp = stack_top;
	ctxt.ctrlreg[3] = xen_pfn_to_cr3(root_mfn);
	ctxt.event_callback_eip = (unsigned long)xen_event_callback;
	ctxt.failsafe_callback_eip = (unsigned long)xen_failsafe_callback;
	ctxt.gs_base_kernel = (unsigned long)&percpu_areas[cpu];
	rc = HYPERVISOR_vcpu_op(VCPUOP_initialise, cpu, &ctxt);
	if (rc) {
		printk("pvkit: xen: VCPUOP_initialise(vcpu %u) failed: %ld\n", cpu, rc);
		return rc;
	}
	rc = HYPERVISOR_vcpu_op(VCPUOP_up, cpu, NULL);
	if (rc)
		printk("pvkit: xen: VCPUOP_up(vcpu %u) failed: %ld\n", cpu, rc);
	return rc;
}
