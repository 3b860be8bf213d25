/* SPDX-License-Identifier: MIT */
/*
 * Xen PVH setup, entered through the PVH entry (native-backend/pvh-entry.S)
 * once the probe has seen Xen's CPUID leaves: the hypercall page through
 * the MSR that CPUID names, shared_info mapped over a page of ours
 * (XENMEM_add_to_physmap), the console ring and its port from
 * HVMOP_get_param (printk works from there), the native setup without
 * what an HVM container lacks (the TSC rate comes from the pvclock), then
 * events, xenstore, control/shutdown and the clock.
 */
#include <pvkit/compiler.h>
#include <xen/xen.h>
#include <xen/memory.h>
#include <xen/hvm/hvm_op.h>
#include <xen/hvm/params.h>
#include <pvkit/boot.h>
#include <pvkit/native-hvm.h>
#include <pvkit/native-trapped.h>
#include <pvkit/printk.h>
#include <pvkit/string.h>
#include <xen-common/hypercall.h>
#include <xen-common/xenstore.h>
#include "pvh.h"

/* A page of our image that shared_info's frame replaces in our physical map. */
static unsigned char shared_info_page[PAGE_SIZE] __aligned(PAGE_SIZE);

/* Xen's leaves: 0x40000000, or 0x100 further on when Viridian comes first. */
uint32_t xen_pvh_cpuid_base(void)
{
	for (uint32_t base = 0x40000000; base < 0x40010000; base += 0x100) {
		struct cpuid_regs r = { .eax = base };
		char sig[12];

		native_cpuid(&r);
		memcpy(sig, &r.ebx, 4);
		memcpy(sig + 4, &r.ecx, 4);
		memcpy(sig + 8, &r.edx, 4);
		if (!memcmp(sig, "XenVMMXenVMM", 12) && r.eax - base >= 2)
			return base;
	}
	return 0;
}

/* Nothing to print with before the console ring: stop where xl can see it. */
static void __noreturn early_fail(void)
{
	for (;;)
		native_ops.irq.halt();
}

/* CPUID leaf base + 2: EBX is the MSR that takes the hypercall page's address. */
static void hypercall_page_init(void)
{
	uint32_t base = xen_pvh_cpuid_base();
	struct cpuid_regs r = { .eax = base + 2 };

	if (!base)
		early_fail();
	native_cpuid(&r);
	if (native_write_msr_safe(r.ebx, (uint64_t)(uintptr_t)hypercall_page))
		early_fail();
}

uint64_t xen_pvh_param(unsigned int index)
{
	struct xen_hvm_param p = { .domid = DOMID_SELF, .index = index };

	return HYPERVISOR_hvm_op(HVMOP_get_param, &p) ? 0 : p.value;
}

static void map_shared_info(void)
{
	struct xen_add_to_physmap xatp = {
		.domid = DOMID_SELF,
		.space = XENMAPSPACE_shared_info,
		.idx = 0,
		.gpfn = (uintptr_t)shared_info_page >> PAGE_SHIFT,
	};

	if (HYPERVISOR_memory_op(XENMEM_add_to_physmap, &xatp))
		early_fail();
	xen_shared_info = (shared_info_t *)shared_info_page;
	xen_vcpu = &xen_shared_info->vcpu_info[0];
}

/* The rings are frames of ours, 1:1 mapped like all of the first 4 GiB. */
static void *param_page(unsigned int index)
{
	uint64_t pfn = xen_pvh_param(index);

	return pfn ? (void *)(uintptr_t)(pfn << PAGE_SHIFT) : NULL;
}

static void rings_init(void)
{
	xen_console_init(param_page(HVM_PARAM_CONSOLE_PFN),
			 (evtchn_port_t)xen_pvh_param(HVM_PARAM_CONSOLE_EVTCHN));
	xen_xenstore_init(param_page(HVM_PARAM_STORE_PFN),
			  (evtchn_port_t)xen_pvh_param(HVM_PARAM_STORE_EVTCHN));
}

void xen_pvh_setup(void *boot_data, struct boot_info *bi)
{
	uint64_t tsc_hz;

	hypercall_page_init();
	map_shared_info();
	xen_evtchn_init();
	rings_init();
	tsc_hz = xen_tsc_hz();
	native_hvm_setup(boot_data, bi, tsc_hz);
	bi->loader = "pvh";
	xen_pvh_upcall_init();
	xen_control_init();
	xen_time_init(native_entry_tsc);
	printk("pvkit: xen-pvh: hypercall page at %#lx, console evtchn %u, store evtchn %lu, "
	       "events %s, TSC %lu kHz (pvclock)\n", (unsigned long)(uintptr_t)hypercall_page,
	       xen_console_port(), (unsigned long)xen_pvh_param(HVM_PARAM_STORE_EVTCHN),
	       xen_pvh_upcall_how, (unsigned long)(tsc_hz / 1000));
}

/* After xl restore: shared_info again, new ports (the pages keep their frames). */
void xen_pvh_resume_shared(void)
{
	map_shared_info();
	xen_evtchn_resume();
	rings_init();
}
