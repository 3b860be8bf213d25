/* SPDX-License-Identifier: MIT */
/* Self-tests that only mean something in a Xen PVH domU. */
#include <pvkit/compiler.h>
#include <xen/sched.h>
#include <pvkit/arch.h>
#include <pvkit/native-hvm.h>
#include <pvkit/patch.h>
#include <pvkit/percpu.h>
#include <pvkit/printk.h>
#include <pvkit/selftest.h>
#include <pvkit/smp.h>
#include <pvkit/sites.h>
#include <pvkit/string.h>
#include <xen-common/hypercall.h>
#include "pvh.h"

#define WAIT_NS 2000000000ULL

/* The console back-end's event arrives through the upcall vector's gate. */
SELFTEST(test_pvh_console_event, "xen-pvh.console_event_on_upcall_vector", "xen-pvh")
{
	const char *why = xen_console_event_wait(WAIT_NS);

	CHECK(!why, "%s", why);
}

/* The same sites as on Xen PV and natively, patched with the native cli. */
SELFTEST(test_pvh_irq_disable_sites, "xen-pvh.irq_disable_sites_are_cli", "xen-pvh")
{
	static const uint8_t cli[] = { 0xfa };

	selftest_check_op_sites(PV_OP_irq_disable, cli, sizeof(cli), native_ops.irq.irq_disable);
}

/*
 * Each online vCPU's vcpu_info is in its per-cpu area, where Xen keeps its
 * pvclock (published: a version, a TSC factor) and the pvclock reads it.
 */
SELFTEST(test_pvh_vcpu_info_percpu, "xen-pvh.vcpu_info_in_percpu_area", "xen-pvh")
{
	CHECK(xen_vcpu_info_percpu, "vcpu_info is not in the per-cpu area");
	CHECK(xen_this_vcpu() == (struct vcpu_info *)this_cpu_area()->platform,
	      "xen_this_vcpu() is not %%gs's vcpu_info");
	for (unsigned int cpu = 0; cpu < smp_cpus_online; cpu++) {
		const volatile struct vcpu_info *v = (const void *)percpu_areas[cpu].platform;

		CHECK(v->time.version && v->time.tsc_to_system_mul,
		      "CPU %u: no pvclock in its per-cpu vcpu_info", cpu);
	}
}

/* The cpuid op is the instruction, which Xen's CPUID policy answers with its leaves. */
SELFTEST(test_pvh_cpuid_xen_leaf, "cpu.cpuid_sees_xen", "xen-pvh")
{
	struct cpuid_regs r = { .eax = xen_pvh_cpuid_base() };

	arch_cpuid(&r);
	CHECK(!memcmp(&r.ebx, "XenV", 4) && !memcmp(&r.ecx, "MMXe", 4) &&
	      !memcmp(&r.edx, "nVMM", 4), "leaf %#x is not XenVMMXenVMM", xen_pvh_cpuid_base());
	CHECK(r.eax >= xen_pvh_cpuid_base() + 2, "Xen max leaf %#x", r.eax);
}
