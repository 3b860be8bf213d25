/* IDT vectors the native backend uses (C and assembly). */
#ifndef NATIVE_VECTORS_H
#define NATIVE_VECTORS_H

/* The local APIC timer, and the APIC's spurious vector. */
#define NATIVE_TIMER_VECTOR	0x40
#define NATIVE_SPURIOUS_VECTOR	0xff

/* The null trap for benchmarks: int $0x81, a gate that only returns. */
#define NATIVE_NULL_TRAP_VECTOR	0x81

#endif
