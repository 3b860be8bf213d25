/* SPDX-License-Identifier: MIT */
/* Self-tests of KVM's hypercall features and PV EOI: each shows its effect. */
#include <pvkit/compiler.h>
#include <linux/kvm_para.h>
#include <pvkit/arch.h>
#include <pvkit/percpu.h>
#include <pvkit/printk.h>
#include <pvkit/selftest.h>
#include <pvkit/smp.h>
#include <pvkit/string.h>
#include <pvkit/timer.h>
#include "kvm.h"

#define IPI_WAIT_NS	2000000000ULL
#define EOI_TICK_NS	2000000ULL
#define EOI_TICKS	5

/* The hypercall site holds the vendor's instruction, and KVM answers through it. */
SELFTEST(test_kvm_hypercall_insn, "kvm.hypercall_insn_for_vendor", "kvm")
{
	bool vmmcall = !memcmp(kvm_hypercall_insn, kvm_vmmcall, 3);
	long rc;

	bool amd = kvm_cpu_is_amd();

	selftest_note("hypercall instruction: %s", vmmcall ? "vmmcall (AMD)" : "vmcall (Intel)");
	CHECK(!memcmp(kvm_hypercall_insn, amd ? kvm_vmmcall : kvm_vmcall, 3),
	      "the site is %02x %02x %02x, want %s for this %s CPU",
	      kvm_hypercall_insn[0], kvm_hypercall_insn[1], kvm_hypercall_insn[2],
	      amd ? "vmmcall" : "vmcall", amd ? "AMD" : "Intel");
	rc = kvm_hypercall(0xffff, 0, 0, 0, 0);	/* a number KVM does not know */
	CHECK(rc == -KVM_ENOSYS, "an unknown hypercall returned %ld, want -KVM_ENOSYS", rc);
}

/* A PV IPI from this vCPU reaches every other one, and none fell back. */
SELFTEST(test_kvm_pv_ipi, "kvm.pv_ipi_reaches_every_cpu", "kvm")
{
	unsigned long sent0 = kvm_pv_ipis, fallbacks0 = kvm_pv_ipi_fallbacks;
	unsigned int self = smp_processor_id(), others = 0;

	if (!kvm_has(KVM_FEATURE_PV_SEND_IPI)) {
		selftest_skip("KVM does not offer PV send-IPI");
		return;
	}
	if (smp_cpus_online < 2) {
		selftest_skip("one CPU online");
		return;
	}
	for (unsigned int cpu = 0; cpu < smp_cpus_online; cpu++) {
		unsigned long before = __atomic_load_n(&percpu_areas[cpu].ipis, __ATOMIC_ACQUIRE);
		uint64_t t0 = arch_clock_ns();

		if (cpu == self)
			continue;
		others++;
		arch_send_ipi(cpu);
		while (__atomic_load_n(&percpu_areas[cpu].ipis, __ATOMIC_ACQUIRE) == before &&
		       arch_clock_ns() - t0 < IPI_WAIT_NS)
			arch_spin_wait();
		CHECK(percpu_areas[cpu].ipis != before, "CPU %u took no IPI within 2 s", cpu);
	}
	CHECK(kvm_pv_ipis - sent0 >= others, "%lu of %u IPIs went by KVM_HC_SEND_IPI",
	      kvm_pv_ipis - sent0, others);
	CHECK(kvm_pv_ipi_fallbacks == fallbacks0, "%lu IPIs fell back to the APIC",
	      kvm_pv_ipi_fallbacks - fallbacks0);
	selftest_note("%lu PV IPIs so far this boot", kvm_pv_ipis);
}

/* Interrupts came in, and some of their EOIs skipped the APIC write. */
SELFTEST(test_kvm_pv_eoi, "kvm.pv_eoi_skips_apic_write", "kvm")
{
	static struct tick tick;
	unsigned long pv = 0, apic = 0, flags;
	uint64_t t0;

	if (!kvm_has(KVM_FEATURE_PV_EOI)) {
		selftest_skip("KVM does not offer PV EOI");
		return;
	}
	flags = arch_local_irq_save();
	t0 = arch_clock_ns();
	tick_start(&tick, EOI_TICK_NS);	/* timer interrupts to end */
	while (tick.count < EOI_TICKS && arch_clock_ns() - t0 < IPI_WAIT_NS) {
		arch_safe_halt();
		arch_local_irq_disable();
	}
	tick_stop(&tick);
	arch_local_irq_restore(flags);
	CHECK(tick.count >= EOI_TICKS, "%lu timer ticks in 2 s", tick.count);
	for (unsigned int cpu = 0; cpu < smp_cpus_online; cpu++) {
		selftest_note("cpu %u: %lu EOIs by the PV bit, %lu by the APIC write", cpu,
			      kvm_pv_eois[cpu], kvm_apic_eois[cpu]);
		pv += kvm_pv_eois[cpu];
		apic += kvm_apic_eois[cpu];
	}
	CHECK(pv, "no EOI skipped the APIC write (%lu went to the APIC)", apic);
}
