/* SPDX-License-Identifier: MIT */
/*
 * The Xen clock: vcpu_time_info in vcpu_info, published by Xen with a
 * version that is odd while it is being updated.  ns = system_time +
 * scale(tsc - tsc_timestamp), where scale shifts then multiplies by the
 * 32.32 fixed-point tsc_to_system_mul.
 */
#include <pvkit/printk.h>
#include <pvkit/timer.h>
#include <xen-common/hypercall.h>
#include <xen-common/xen-common.h>

static uint64_t boot_ns;

/* Scales a (possibly negative) TSC delta to ns with vcpu_time_info's factors. */
static int64_t scale_delta(int64_t delta, const volatile struct vcpu_time_info *t)
{
	uint64_t d = (uint64_t)(delta < 0 ? -delta : delta);
	uint64_t ns;

	if (t->tsc_shift < 0)
		d >>= -t->tsc_shift;
	else
		d <<= t->tsc_shift;
	ns = (uint64_t)(((unsigned __int128)d * t->tsc_to_system_mul) >> 32);
	return delta < 0 ? -(int64_t)ns : (int64_t)ns;
}

/* Out of line: the one rdtsc of xen-common (tools/sensitive.c allows it here). */
__noinline uint64_t xen_rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

/* Xen's system time at TSC value tsc. */
static uint64_t system_time_at(uint64_t tsc)
{
	const volatile struct vcpu_time_info *t = &xen_this_vcpu()->time;
	uint32_t version;
	uint64_t ns;

	do {
		version = t->version;
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
		ns = t->system_time + (uint64_t)scale_delta((int64_t)(tsc - t->tsc_timestamp), t);
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
	} while ((version & 1) || version != t->version);
	return ns;
}

static uint64_t system_time_ns(void)
{
	return system_time_at(xen_rdtsc());
}

static void timer_event(evtchn_port_t port)
{
	(void)port;
	timer_interrupt();
}

/*
 * Timer events arrive on VIRQ_TIMER; Xen's default 100 Hz periodic timer
 * is stopped: only our one-shot fires.
 */
static void bind_timer(unsigned int cpu)
{
	struct evtchn_bind_virq bind = { .virq = VIRQ_TIMER, .vcpu = cpu };
	long rc = HYPERVISOR_vcpu_op(VCPUOP_stop_periodic_timer, cpu, NULL);
	if (rc)
		printk("pvkit: xen: VCPUOP_stop_periodic_timer failed: %ld\n", rc);
	rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_virq, &bind);
	if (rc)
		panic("binding VIRQ_TIMER failed: %ld", rc);
	xen_evtchn_set_handler_on(bind.port, cpu, timer_event);
	xen_evtchn_unmask(bind.port, "VIRQ_TIMER");
}

/* clock_ns 0 is the moment of entry (the backend read the TSC first thing). */
void xen_time_init(uint64_t entry_tsc)
{
	boot_ns = entry_tsc ? system_time_at(entry_tsc) : system_time_ns();
	bind_timer(0);
}

/* The TSC rate vcpu_time_info's factors imply (ns = ((tsc << shift) * mul) >> 32). */
uint64_t xen_tsc_hz(void)
{
	const volatile struct vcpu_time_info *t = &xen_this_vcpu()->time;
	unsigned __int128 hz = ((unsigned __int128)1000000000ULL << 32) / t->tsc_to_system_mul;

	return (uint64_t)(t->tsc_shift < 0 ? hz << -t->tsc_shift : hz >> t->tsc_shift);
}

/* Each vCPU has its own VIRQ_TIMER and singleshot timer. */
void xen_time_cpu_init(unsigned int cpu)
{
	bind_timer(cpu);
}

static uint64_t clock_at_suspend;

/* No timer event may wake a domain that is being saved. */
void xen_time_suspend(void)
{
	HYPERVISOR_vcpu_op(VCPUOP_stop_singleshot_timer, 0, NULL);
	clock_at_suspend = xen_clock_ns();
}

/*
 * Xen's system time on the restoring host has nothing to do with the
 * saving host's: the clock goes on from where it stopped (time spent saved
 * is not counted, like CLOCK_MONOTONIC over a suspend).  Bindings are new.
 */
void xen_time_resume(void)
{
	boot_ns = system_time_ns() - clock_at_suspend;
	bind_timer(0);
}

void xen_set_timer(uint64_t deadline_ns)
{
	struct vcpu_set_singleshot_timer t = { .timeout_abs_ns = boot_ns + deadline_ns };
	long rc = HYPERVISOR_vcpu_op(VCPUOP_set_singleshot_timer, this_cpu_read(cpu), &t);

	if (rc)
		panic("VCPUOP_set_singleshot_timer failed: %ld", rc);
}

uint64_t xen_clock_ns(void)
{
	return system_time_ns() - boot_ns;
}
