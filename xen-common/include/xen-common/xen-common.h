/* SPDX-License-Identifier: MIT */
/*
 * What the Xen PV and Xen PVH backends share, grouped by the file in
 * xen-common/ that defines it: shared_info and each vCPU's vcpu_info, the
 * 2-level event channels, the PV console ring, the pvclock and the
 * singleshot timer, the toolstack's requests and SCHEDOP_shutdown.  Each
 * backend finds the rings and ports its own way (start_info on PV,
 * HVMOP_get_param on PVH) and hands them in; nothing here knows which
 * kind of guest it runs in.  xenstore is in <xen-common/xenstore.h>, the
 * hypercalls in <xen-common/hypercall.h>.
 */
#ifndef XEN_COMMON_H
#define XEN_COMMON_H

#include <pvkit/compiler.h>
#include <xen/xen.h>
#include <xen/event_channel.h>
#include <pvkit/paravirt.h>
#include <pvkit/percpu.h>

/*
 * evtchn.c: shared_info (mapped by the backend), the boot vCPU's vcpu_info
 * in it, and whether each vCPU's vcpu_info is registered in its per-cpu
 * area's platform slot (then %gs:PERCPU_PLATFORM_OFFSET).
 */
extern shared_info_t *xen_shared_info;
extern struct vcpu_info *xen_vcpu;
extern bool xen_vcpu_info_percpu;
/* Registration refused (set once %gs is up): each vCPU uses shared_info's slot. */
extern bool xen_vcpu_info_legacy;

/*
 * This vCPU's vcpu_info: in its per-cpu area once registered there; after
 * a refused registration its slot in shared_info; before either (the boot
 * vCPU, before its %gs is set) shared_info's first.
 */
static inline struct vcpu_info *xen_this_vcpu(void)
{
	if (xen_vcpu_info_percpu)
		return (struct vcpu_info *)this_cpu_area()->platform;
	if (xen_vcpu_info_legacy)
		return &xen_shared_info->vcpu_info[this_cpu_read(cpu)];
	return xen_vcpu;
}

/* evtchn.c: event channels; the upcall scans them (events masked or IF clear). */
void xen_evtchn_init(void);
void xen_evtchn_resume(void);
unsigned long xen_evtchn_count(evtchn_port_t port);
long xen_evtchn_send(evtchn_port_t port);
long xen_evtchn_unmask(evtchn_port_t port, const char *user);	/* reports a failure */
void xen_evtchn_set_handler(evtchn_port_t port, void (*handler)(evtchn_port_t));
void xen_evtchn_set_handler_on(evtchn_port_t port, unsigned int cpu,
			       void (*handler)(evtchn_port_t));
void xen_evtchn_do_upcall(void);

/* console.c: the PV console ring (ring NULL: only console_io, as in dom0). */
void xen_console_init(void *ring, evtchn_port_t port);
void xen_console_write(const char *buf, size_t len);
unsigned long xen_console_read(char *buf, size_t len);
bool xen_console_flush(uint64_t timeout_ns);
/* Before shared_info (no clock, no event bitmaps): the ring alone, drained by yielding. */
void xen_console_init_early(void *ring, evtchn_port_t port);
bool xen_console_flush_early(void);
evtchn_port_t xen_console_port(void);

/* console-event.c: flush, then wait for the back-end's event (NULL, or why not). */
const char *xen_console_event_wait(uint64_t timeout_ns);

/*
 * time.c: the pvclock (clock_ns 0 is the TSC value entry_tsc, or now if 0)
 * and one VIRQ_TIMER and singleshot timer per vCPU (vCPU id = core CPU number).
 */
void xen_time_init(uint64_t entry_tsc);
void xen_time_cpu_init(unsigned int cpu);
void xen_time_suspend(void);
void xen_time_resume(void);
uint64_t xen_clock_ns(void);
uint64_t xen_rdtsc(void);
uint64_t xen_tsc_hz(void);
void xen_set_timer(uint64_t deadline_ns);

/* control.c: the toolstack's requests (control/shutdown). */
void xen_control_init(void);
unsigned long xen_host_request(void);

/* shutdown.c: SCHEDOP_shutdown once the console is drained (crash if refused). */
void __noreturn xen_shutdown(unsigned int reason);
void xen_poweroff(void);
void xen_reboot(void);
void xen_crash(void);

#endif
