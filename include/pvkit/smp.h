/*
 * Several CPUs: bring-up, and the services that need more than one CPU
 * (calling a function on another CPU, TLB shootdown).  CPU numbers are the
 * core's: 0 is the boot CPU.
 */
#ifndef PVKIT_SMP_H
#define PVKIT_SMP_H

#include <pvkit/compiler.h>

struct boot_info;

/* CPUs running the kernel (1 until smp_boot_cpus brings up the others). */
extern unsigned int smp_cpus_online;

/* Starts every other CPU the platform offers, up to MAX_CPUS; returns the count online. */
unsigned int smp_boot_cpus(const struct boot_info *bi);

/* A started CPU's first C code (backends jump here via pv_ops.smp.cpu_up). */
void __noreturn smp_ap_start(unsigned int cpu);

/* Backends call this from their IPI handler, interrupts off. */
void smp_ipi_interrupt(void);

/* This CPU's number, from its per-cpu area. */
unsigned int smp_processor_id(void);

#endif
