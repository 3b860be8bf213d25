/* SPDX-License-Identifier: MIT */
/*
 * What a platform that runs the image in an HVM container (Xen PVH, in
 * xen-pvh-backend/) takes from the native backend: its ops table, whose
 * irq, cpu, mmu and smp ops are right there as they are (cli/sti, page
 * tables, the local APIC), and the native setup without what such a
 * container may lack (no 16550, no PIT to measure the TSC against).
 * Defined in native-backend/; the probe uses native_cpuid to tell the
 * platforms apart before any op is installed.
 */
#ifndef PVKIT_NATIVE_HVM_H
#define PVKIT_NATIVE_HVM_H

#include <pvkit/paravirt.h>

extern const struct paravirt_ops native_ops;

/* The cpuid instruction (native-backend/ops.c). */
void native_cpuid(struct cpuid_regs *regs);

/* The TSC read first thing at the PVH entry (pvh-entry.S). */
extern uint64_t native_entry_tsc;

/*
 * native_setup without the serial console, the PIT calibration and the
 * local APIC timer: the PVH start info (command line, memory map), traps,
 * the boot CPU's GDT and TSS, the masked 8259s, ACPI's CPUs; the TSC runs
 * at tsc_hz, which the caller knows (Xen: from the pvclock).  printk must
 * already work.
 */
void native_hvm_setup(void *hvm_start_info, struct boot_info *bi, uint64_t tsc_hz);

/* End of interrupt to this CPU's local APIC. */
void native_apic_eoi(void);

/*
 * A platform's paravirtual EOI (KVM's PV EOI): when set, native_apic_eoi
 * asks it first, and a true answer means the EOI is done without the APIC
 * write.  Set before the interrupts it covers are enabled.
 */
extern bool (*native_eoi_hook)(void);

/* CPU cpu's local APIC ID (by the core's CPU number), or 0xffffffff. */
uint32_t native_apic_id_of(unsigned int cpu);

/* The fixed vector of the native send_ipi (smp_ipi_interrupt runs on it). */
unsigned int native_ipi_vector(void);

#endif
