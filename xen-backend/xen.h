/* Internal interfaces of the Xen PV backend. */
#ifndef XEN_BACKEND_H
#define XEN_BACKEND_H

#include <pvkit/compiler.h>
#include <xen/xen.h>
#include <xen/event_channel.h>
#include <pvkit/paravirt.h>

extern const struct paravirt_ops xen_pv_ops;
extern start_info_t *xen_start_info;
extern shared_info_t *xen_shared_info;
extern struct vcpu_info *xen_vcpu;

void xen_setup(void *start_info, struct boot_info *bi);

void xen_console_init(const start_info_t *si);
void xen_console_write(const char *buf, size_t len);
bool xen_console_flush(uint64_t timeout_ns);
evtchn_port_t xen_console_port(void);

void xen_irq_disable(void);
void xen_irq_enable(void);
unsigned long xen_evtchn_count(evtchn_port_t port);
long xen_evtchn_send(evtchn_port_t port);

void xen_time_init(void);
uint64_t xen_clock_ns(void);
uint64_t xen_rdtsc(void);

void xen_traps_init(void);

#endif
