/* SPDX-License-Identifier: MIT */
/*
 * The end of a domain: SCHEDOP_shutdown with the reason xl reports (0
 * poweroff, 1 reboot, 3 crash), once xenconsoled has taken the console.
 */
#include <pvkit/printk.h>
#include <xen-common/hypercall.h>
#include <xen-common/xen-common.h>

#define CONSOLE_DRAIN_NS	2000000000ULL

void __noreturn xen_shutdown(unsigned int reason)
{
	struct sched_shutdown s = { .reason = reason };
	long rc;

	if (!xen_console_flush(CONSOLE_DRAIN_NS))
		printk("pvkit: warning: console not drained before shutdown\n");
	rc = HYPERVISOR_sched_op(SCHEDOP_shutdown, &s);
	printk("pvkit: SCHEDOP_shutdown(%u) failed: %ld; crashing\n", reason, rc);
	xen_console_flush(CONSOLE_DRAIN_NS);
	s.reason = SHUTDOWN_crash;
	HYPERVISOR_sched_op(SCHEDOP_shutdown, &s);
	for (;;)
		HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
}

void xen_poweroff(void)
{
	xen_shutdown(SHUTDOWN_poweroff);
}

void xen_reboot(void)
{
	xen_shutdown(SHUTDOWN_reboot);
}

void xen_crash(void)
{
	xen_shutdown(SHUTDOWN_crash);
}
