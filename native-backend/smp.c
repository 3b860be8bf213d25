/* SPDX-License-Identifier: MIT */
/*
 * Native SMP: which APIC ID each core CPU number has, starting a CPU with
 * INIT and STARTUP IPIs into the trampoline (trampoline.S), and the
 * fixed-vector IPI of pv_ops.smp.send_ipi.
 */
#include <pvkit/msr.h>
#include <pvkit/native-hvm.h>
#include <pvkit/percpu.h>
#include <pvkit/printk.h>
#include <pvkit/smp.h>
#include <pvkit/string.h>
#include "native.h"
#include "trampoline.h"
#include "vectors.h"

#define EINVAL		22
#define EIO		5
#define ENOMEM		12

#define ICR_FIXED	0x000
#define ICR_INIT	0x500
#define ICR_STARTUP	0x600
#define ICR_ASSERT	0x4000
#define ICR_LEVEL	0x8000	/* level-triggered: with ASSERT clear, INIT deassert */

#define NO_APIC_ID	0xffffffffU
#define MSR_EFER	0xc0000080
#define EFER_LME	(1U << 8)
#define EFER_NXE	(1U << 11)
#define CR4_PAE		(1U << 5)
#define CR4_PCIDE	(1U << 17)	/* needs long mode first; the kernel does not use it */

/*
 * Core CPU number -> APIC ID; CPU 0 is the boot CPU.  trampoline.S reads
 * both arrays: a starting CPU looks itself up here and takes its stack.
 */
uint32_t native_cpu_apic_id[MAX_CPUS] = { [0 ... MAX_CPUS - 1] = NO_APIC_ID };
unsigned long native_ap_stack_top[MAX_CPUS];
static unsigned int cpus_mapped, cpus_unnumbered;
static bool boot_cpu_listed;

/* IPIs each CPU has taken (read by the native self-test). */
unsigned long native_ipi_count[MAX_CPUS];

/* Set by setup from the memory map: may the trampoline page be used? */
bool native_trampoline_usable = true;

extern const char native_trampoline_start[], native_trampoline_mailbox[],
	native_trampoline_end[];

/* Before the MADT walk: the boot CPU is CPU 0, whatever the MADT's order. */
void native_smp_map_boot_cpu(void)
{
	native_cpu_apic_id[0] = native_apic_id();
	cpus_mapped = 1;
}

/*
 * The MADT walk reports each enabled processor; returns whether it is a
 * CPU not reported before (the boot CPU is mapped, not yet reported).
 * Past MAX_CPUS a CPU still counts as present but gets no number.  xAPIC
 * IPIs name 8-bit IDs: a larger x2APIC ID counts as present but cannot be
 * started.
 */
bool native_smp_map_cpu(uint32_t apic_id)
{
	if (apic_id == native_cpu_apic_id[0]) {
		bool first = !boot_cpu_listed;

		boot_cpu_listed = true;
		return first;
	}
	for (unsigned int i = 1; i < cpus_mapped; i++)
		if (native_cpu_apic_id[i] == apic_id)
			return false;
	if (apic_id > 0xff) {
		printk("pvkit: smp: APIC ID %u needs x2APIC mode; that CPU stays down\n",
		       apic_id);
		cpus_unnumbered++;
		return true;
	}
	if (cpus_mapped < MAX_CPUS)
		native_cpu_apic_id[cpus_mapped++] = apic_id;
	else
		cpus_unnumbered++;
	return true;
}

/* For the self-test: what the MADT walk made of the CPUs it listed. */
void native_cpu_map_counts(unsigned int *mapped, unsigned int *unnumbered, bool *boot_listed)
{
	*mapped = cpus_mapped;
	*unnumbered = cpus_unnumbered;
	*boot_listed = boot_cpu_listed;
}

/* Busy-waits on the TSC clock (no timer interrupt needed). */
static void delay_us(unsigned long us)
{
	uint64_t t0 = native_clock_ns();

	while (native_clock_ns() - t0 < us * 1000ULL)
		__asm__ __volatile__("pause");
}

/* The trampoline page, filled afresh with the boot CPU's paging state. */
static long trampoline_prepare(void)
{
	size_t len = (size_t)(native_trampoline_end - native_trampoline_start);
	struct trampoline_mailbox mb;
	unsigned long cr3, cr4;
	uint64_t efer;
	char *page;

	if (!native_trampoline_usable || len > PAGE_SIZE)
		return -ENOMEM;
	__asm__ __volatile__("mov %%cr3, %0; mov %%cr4, %1" : "=r"(cr3), "=r"(cr4));
	efer = read_msr(MSR_EFER);
	if (cr3 >> 32) {
		printk("pvkit: smp: page tables at %#lx, above the trampoline's 4 GiB reach\n",
		       cr3);
		return -EINVAL;
	}
	mb = (struct trampoline_mailbox) {
		.cr3 = (uint32_t)cr3,
		.cr4 = (uint32_t)((cr4 | CR4_PAE) & ~CR4_PCIDE),
		.efer = EFER_LME | ((uint32_t)efer & EFER_NXE),
	};
	/* Through a register: gcc must not reason about a fixed low address. */
	__asm__("" : "=r"(page) : "0"((uintptr_t)TRAMPOLINE_ADDR));
	memcpy(page, native_trampoline_start, len);
	memcpy(page + (native_trampoline_mailbox - native_trampoline_start), &mb, sizeof(mb));
	return 0;
}

/*
 * pv_ops.smp.cpu_up: the SDM's INIT, 10 ms, STARTUP, 200 us, STARTUP
 * sequence.  Returns once the IPIs are sent; the core waits for the CPU.
 */
long native_cpu_up(unsigned int cpu, unsigned long stack_top)
{
	uint32_t id;
	long rc;

	if (cpu == 0 || cpu >= cpus_mapped) {
		printk("pvkit: smp: no CPU %u to start (%u known from the MADT)\n", cpu,
		       cpus_mapped);
		return -EINVAL;
	}
	id = native_cpu_apic_id[cpu];
	rc = trampoline_prepare();
	if (rc)
		return rc;
	WRITE_ONCE(native_ap_stack_top[cpu], stack_top);
	__asm__ __volatile__("mfence" ::: "memory");	/* stack and page before the IPIs */

	rc = native_apic_send_ipi(id, ICR_INIT | ICR_ASSERT | ICR_LEVEL);
	if (!rc)	/* ignored since the Pentium 4, needed by older APICs */
		rc = native_apic_send_ipi(id, ICR_INIT | ICR_LEVEL);
	delay_us(10000);
	for (int i = 0; i < 2 && !rc; i++) {
		rc = native_apic_send_ipi(id, ICR_STARTUP | TRAMPOLINE_SIPI_VECTOR);
		delay_us(200);
	}
	if (rc)
		printk("pvkit: smp: CPU %u (APIC ID %u): the local APIC did not send the "
		       "start IPIs\n", cpu, id);
	return rc ? -EIO : 0;
}

/* The trampoline's last step: on the new CPU's stack, interrupts off. */
void __noreturn __used native_ap_start(unsigned int cpu, unsigned long stack_top)
{
	native_cpu_tables_load(cpu, stack_top);
	native_traps_load_idt();
	smp_ap_start(cpu);
}

uint32_t native_apic_id_of(unsigned int cpu)
{
	return cpu < cpus_mapped ? native_cpu_apic_id[cpu] : NO_APIC_ID;
}

unsigned int native_ipi_vector(void)
{
	return NATIVE_IPI_VECTOR;
}

/* pv_ops.smp.send_ipi */
void native_send_ipi(unsigned int cpu)
{
	if (cpu >= cpus_mapped) {
		printk("pvkit: smp: IPI to CPU %u, which has no APIC ID\n", cpu);
		return;
	}
	if (native_apic_send_ipi(native_cpu_apic_id[cpu], ICR_FIXED | ICR_ASSERT | NATIVE_IPI_VECTOR))
		printk("pvkit: smp: IPI to CPU %u not sent: local APIC busy\n", cpu);
}

/* From the vector's entry stub, interrupts off. */
void __used native_ipi_interrupt(void)
{
	unsigned int cpu = smp_processor_id();

	native_apic_eoi();
	if (cpu < MAX_CPUS)
		native_ipi_count[cpu]++;
	smp_ipi_interrupt();
}
