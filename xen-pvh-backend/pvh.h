/* SPDX-License-Identifier: MIT */
/*
 * Internal interfaces of the Xen PVH backend, grouped by the file that
 * defines them.  The backend is the native one inside an HVM container,
 * with Xen's console, events, xenstore, clock, timer and shutdown
 * (xen-common/) reached the HVM way.
 */
#ifndef XEN_PVH_H
#define XEN_PVH_H

#include <pvkit/compiler.h>
#include <pvkit/paravirt.h>
#include <xen-common/xen-common.h>

struct percpu;

/* The IDT vector Xen raises for events (as Linux's HYPERVISOR_CALLBACK_VECTOR). */
#define XEN_PVH_UPCALL_VECTOR	0xf3

/* ops.c: the table (NULL slots are the native backend's). */
extern const struct paravirt_ops xen_pvh_ops;

/* setup.c: the hypercall page, shared_info, the rings; the setup op. */
uint32_t xen_pvh_cpuid_base(void);
void xen_pvh_setup(void *hvm_start_info, struct boot_info *bi);
uint64_t xen_pvh_param(unsigned int index);
void xen_pvh_resume_shared(void);

/* upcall.c: the event vector's IDT gate and each vCPU's upcall vector. */
void xen_pvh_upcall_init(void);
long xen_pvh_upcall_vector_set(unsigned int cpu);
extern const char *xen_pvh_upcall_how;

/* vcpu.c: vcpu_info in each vCPU's per-cpu area; the cpu_init op. */
void xen_pvh_cpu_init(unsigned int cpu, struct percpu *area);
long xen_pvh_vcpu_info_register(unsigned int cpu);

/* suspend.c: xl save and restore. */
long xen_pvh_suspend(void);

#endif
