/* SPDX-License-Identifier: MIT */
/* Per-cpu area offsets that assembly and patch templates use. */
#ifndef PVKIT_PERCPU_ABI_H
#define PVKIT_PERCPU_ABI_H

#define MAX_CPUS		8

/*
 * A 64-byte, 64-aligned slot for the platform's per-vCPU shared data: on
 * Xen the vcpu_info registered with VCPUOP_register_vcpu_info, so that
 * %gs:PERCPU_PLATFORM_OFFSET is this vCPU's vcpu_info on every vCPU.
 */
#define PERCPU_PLATFORM_OFFSET	64
/* A function the platform's patched code calls through %gs (Xen: deliver pending events). */
#define PERCPU_PLATFORM_CALL_OFFSET	24
#define PERCPU_PLATFORM_SIZE	64

#endif
