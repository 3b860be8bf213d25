/* SPDX-License-Identifier: MIT */
/*
 * Each vCPU's vcpu_info in its per-cpu area's platform slot, as on Xen PV
 * (percpu-gs/): the pvclock and the event scan read it through %gs.  Every
 * vCPU registers its own, once its local APIC is on (the native cpu_init),
 * then takes its events on the upcall vector and, past the boot vCPU,
 * binds its own VIRQ_TIMER.  The interrupt flag is the real one (cli/sti):
 * Xen does not look at evtchn_upcall_mask in an HVM container, which is
 * left clear.
 */
#include <pvkit/compiler.h>
#include <xen/vcpu.h>
#include <xen/arch-x86/cpuid.h>
#include <pvkit/native-hvm.h>
#include <pvkit/percpu.h>
#include <pvkit/printk.h>
#include <xen-common/hypercall.h>
#include "pvh.h"

_Static_assert(sizeof(struct vcpu_info) == PERCPU_PLATFORM_SIZE,
	       "vcpu_info must fill the per-cpu platform slot");

/* Guest frames are our physical frames in an HVM container: no p2m to ask. */
long xen_pvh_vcpu_info_register(unsigned int cpu)
{
	unsigned long va = (unsigned long)percpu_areas[cpu].platform;
	struct vcpu_register_vcpu_info info = {
		.mfn = va >> PAGE_SHIFT,
		.offset = (uint32_t)(va & (PAGE_SIZE - 1)),
	};

	return HYPERVISOR_vcpu_op(VCPUOP_register_vcpu_info, cpu, &info);
}

/* The core numbers CPUs in MADT order, which Xen gives in vCPU id order: check. */
static void check_vcpu_id(unsigned int cpu)
{
	struct cpuid_regs r = { .eax = xen_pvh_cpuid_base() + 4 };

	native_cpuid(&r);
	if ((r.eax & XEN_HVM_CPUID_VCPU_ID_PRESENT) && r.ebx != cpu)
		panic("CPU %u is Xen's vCPU %u: the timer and event ops would miss", cpu, r.ebx);
}

void xen_pvh_cpu_init(unsigned int cpu, struct percpu *area)
{
	long rc;

	native_ops.init.cpu_init(cpu, area);
	check_vcpu_id(cpu);
	rc = xen_pvh_vcpu_info_register(cpu);
	if (rc && cpu)
		panic("VCPUOP_register_vcpu_info(vcpu %u) failed: %ld", cpu, rc);
	if (rc) {
		printk("pvkit: xen-pvh: VCPUOP_register_vcpu_info(vcpu 0) failed (%ld): "
		       "shared_info's vcpu_info serves\n", rc);
	} else {
		((struct vcpu_info *)area->platform)->evtchn_upcall_mask = 0;
		if (!cpu) {
			xen_vcpu = (struct vcpu_info *)area->platform;
			xen_vcpu_info_percpu = true;
		}
		printk("pvkit: xen-pvh: vcpu %u vcpu_info at %%gs:%#x\n", cpu,
		       PERCPU_PLATFORM_OFFSET);
	}
	if (!cpu)
		return;
	rc = xen_pvh_upcall_vector_set(cpu);
	if (rc)
		panic("HVMOP_set_evtchn_upcall_vector(vcpu %u) failed: %ld", cpu, rc);
	xen_time_cpu_init(cpu);
}
