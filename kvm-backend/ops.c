/* SPDX-License-Identifier: MIT */
/*
 * The KVM paravirt_ops: a PVH boot under KVM (CPUID 0x40000000 says
 * "KVMKVMKVM").  Built on the native backend (a slot left NULL is the
 * native op, filled by the probe): KVM runs the image as a hardware
 * virtual machine, so cli/sti, page tables, the local APIC and the 16550
 * are the real or the emulated hardware.  What is KVM's, each used only
 * when CPUID 0x40000001 offers it: kvmclock for clock_ns, steal time,
 * PV EOI (the native EOI asks it first), PV send-IPI for send_ipi; the
 * hypercall instruction is the CPU vendor's, written in setup.
 */
#include <linux/kvm_para.h>
#include <pvkit/native-hvm.h>
#include <pvkit/printk.h>
#include "kvm.h"

uint32_t kvm_features;

bool kvm_has(unsigned int feature_bit)
{
	return kvm_features & (1u << feature_bit);
}

static void kvm_setup(void *boot_data, struct boot_info *bi)
{
	struct cpuid_regs r = { .eax = KVM_CPUID_FEATURES };

	native_ops.init.setup(boot_data, bi);
	kvm_patch_hypercall();
	native_cpuid(&r);
	kvm_features = r.eax;
	printk("pvkit: kvm: features %#x: kvmclock %s, steal time %s, pv-eoi %s, "
	       "pv-ipi %s, pv-tlb-flush %s, pv-unhalt %s\n", kvm_features,
	       kvm_has(KVM_FEATURE_CLOCKSOURCE2) ? "yes" : "no",
	       kvm_has(KVM_FEATURE_STEAL_TIME) ? "yes" : "no",
	       kvm_has(KVM_FEATURE_PV_EOI) ? "yes" : "no",
	       kvm_has(KVM_FEATURE_PV_SEND_IPI) ? "yes" : "no",
	       kvm_has(KVM_FEATURE_PV_TLB_FLUSH) ? "yes" : "no",
	       kvm_has(KVM_FEATURE_PV_UNHALT) ? "yes" : "no");
}

/* Each vCPU registers its own records once its local APIC is on. */
static void kvm_cpu_init(unsigned int cpu, struct percpu *area)
{
	long rc;

	native_ops.init.cpu_init(cpu, area);
	if (kvm_has(KVM_FEATURE_CLOCKSOURCE2)) {
		rc = kvm_clock_cpu_init(cpu, area);
		if (rc)
			panic("kvm: MSR_KVM_SYSTEM_TIME_NEW on cpu %u failed (%ld)", cpu, rc);
	}
	if (kvm_has(KVM_FEATURE_STEAL_TIME)) {
		rc = kvm_steal_cpu_init(cpu);
		if (rc)
			panic("kvm: MSR_KVM_STEAL_TIME on cpu %u failed (%ld)", cpu, rc);
	}
	if (kvm_has(KVM_FEATURE_PV_EOI)) {
		rc = kvm_pv_eoi_cpu_init(cpu, area);
		if (rc)
			panic("kvm: MSR_KVM_PV_EOI_EN on cpu %u failed (%ld)", cpu, rc);
	}
}

const struct paravirt_ops kvm_ops = {
	.name = "kvm",
	.caps = 0,
	.init = {
		.setup = kvm_setup,
		.cpu_init = kvm_cpu_init,
	},
	.time = {
		.clock_ns = kvm_clock_ns,
		.set_timer = kvm_set_timer,
	},
	.smp = {
		.send_ipi = kvm_send_ipi,
	},
};
