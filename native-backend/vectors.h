/* SPDX-License-Identifier: MIT */
/* IDT vectors the native backend uses (C and assembly). */
#ifndef NATIVE_VECTORS_H
#define NATIVE_VECTORS_H

/* The local APIC timer, and the APIC's spurious vector. */
#define NATIVE_TIMER_VECTOR	0x40
#define NATIVE_SPURIOUS_VECTOR	0xff

/* pv_ops.smp.send_ipi: a fixed-vector IPI from another CPU. */
#define NATIVE_IPI_VECTOR	0x41

/* The double fault runs on its own stack (IST slot 1 of each CPU's TSS). */
#define NATIVE_DF_VECTOR	8
#define NATIVE_DF_IST		1

/* The null trap for benchmarks: int $0x81, a gate that only returns. */
#define NATIVE_NULL_TRAP_VECTOR	0x81

#endif
