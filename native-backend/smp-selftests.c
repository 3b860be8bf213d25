/* SPDX-License-Identifier: MIT */
/*
 * Native SMP checks that need no other CPU online: the CPU map the MADT
 * gave, and an IPI to this very CPU through the ICR, the vector and its
 * handler.  With other CPUs online (the core's smp_boot_cpus), each of
 * them must take an IPI too.
 */
#include <pvkit/arch.h>
#include <pvkit/desc.h>
#include <pvkit/percpu.h>
#include <pvkit/selftest.h>
#include <pvkit/smp.h>
#include "native.h"

#define IPI_WAIT_NS	100000000ULL	/* TCG may take milliseconds */


/*
 * The MADT lists this CPU and every CPU the boot counts as present: each
 * got a number (up to MAX_CPUS) or was reported as one that cannot.
 */
SELFTEST(test_native_cpu_map, "native.smp_cpu_map", "native")
{
	struct cpuid_regs r = { .eax = 1 };
	unsigned int mapped, unnumbered, in_map = 0;
	bool boot_listed;

	native_cpu_map_counts(&mapped, &unnumbered, &boot_listed);
	arch_cpuid(&r);
	CHECK(native_acpi_cpus >= 1, "the MADT lists no enabled CPU");
	CHECK(boot_listed, "the MADT does not list the boot CPU (APIC ID %u)", native_apic_id());
	CHECK(r.ebx >> 24 == (native_apic_id() & 0xff), "CPUID gives APIC ID %u, the local APIC %u",
	      r.ebx >> 24, native_apic_id());
	CHECK(native_cpu_apic_id[0] == native_apic_id(),
	      "CPU 0 maps to APIC ID %u, the boot CPU is %u", native_cpu_apic_id[0],
	      native_apic_id());
	CHECK(mapped + unnumbered == native_acpi_cpus,
	      "%u CPUs numbered and %u not, the MADT lists %u", mapped, unnumbered,
	      native_acpi_cpus);
	for (unsigned int i = 0; i < MAX_CPUS; i++) {
		if (native_cpu_apic_id[i] == 0xffffffffU)
			continue;
		in_map++;
		for (unsigned int j = i + 1; j < MAX_CPUS; j++)
			CHECK(native_cpu_apic_id[i] != native_cpu_apic_id[j],
			      "CPUs %u and %u share APIC ID %u", i, j, native_cpu_apic_id[i]);
	}
	CHECK(in_map == mapped, "the map holds %u CPUs, %u were numbered", in_map, mapped);
	CHECK(native_acpi_cpus >= smp_cpus_online, "%u CPUs online, %u present", smp_cpus_online,
	      native_acpi_cpus);
}

/* Sends an IPI to cpu and waits, interrupts on, for its handler to count it. */
static bool ipi_arrives(unsigned int cpu)
{
	unsigned long before = READ_ONCE(native_ipi_count[cpu]);
	unsigned long flags = arch_local_irq_save();
	uint64_t t0;
	bool seen;

	arch_local_irq_enable();
	arch_send_ipi(cpu);
	t0 = arch_clock_ns();
	while (!(seen = READ_ONCE(native_ipi_count[cpu]) != before) &&
	       arch_clock_ns() - t0 < IPI_WAIT_NS)
		__asm__ __volatile__("pause" ::: "memory");
	arch_local_irq_restore(flags);
	return seen;
}

SELFTEST(test_native_ipi, "native.ipi_each_cpu", "native")
{
	unsigned int self = smp_processor_id();

	CHECK(ipi_arrives(self), "an IPI to this CPU (%u) was not taken", self);
	for (unsigned int cpu = 0; cpu < smp_cpus_online && cpu < MAX_CPUS; cpu++)
		if (cpu != self)
			CHECK(ipi_arrives(cpu), "the IPI to CPU %u was not taken", cpu);
}

/* load_sp0 is this CPU's TSS rsp0 (where a user-mode interrupt would switch). */
SELFTEST(test_native_load_sp0, "native.load_sp0_sets_tss_rsp0", "native")
{
	unsigned int me = this_cpu_read(cpu);
	unsigned long saved = native_tss_sp0(me), seen;

	arch_load_sp0(0x123450);
	seen = native_tss_sp0(me);
	arch_load_sp0(saved);
	CHECK(seen == 0x123450, "TSS rsp0 is %#lx after load_sp0(0x123450)", seen);
	CHECK(native_tss_sp0(me) == saved, "rsp0 not restored");
	for (unsigned int cpu = 1; cpu < smp_cpus_online; cpu++)
		CHECK(native_tss_sp0(cpu) != 0, "cpu %u has no rsp0", cpu);
}
