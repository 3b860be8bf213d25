/* SPDX-License-Identifier: MIT */
/*
 * The Xen PVH paravirt_ops.  A slot left NULL is the native backend's op
 * (the probe fills it from native_ops): inside an HVM container cli/sti,
 * the control registers, MSRs, descriptor tables, page tables and the
 * TLB are the hardware's, the local APIC is emulated (IPIs, INIT-SIPI for
 * the other vCPUs), and the patcher inlines the native code.  What is
 * Xen's: the console ring, the pvclock and singleshot timer, the
 * toolstack's requests, suspend and SCHEDOP_shutdown.
 */
#include <pvkit/compiler.h>
#include <xen/sched.h>
#include <pvkit/boot.h>
#include <pvkit/native-hvm.h>
#include <pvkit/patch.h>
#include <xen-common/hypercall.h>
#include "pvh.h"

/*
 * hlt with IF clear takes an HVM vCPU down (Xen powers the domain off when
 * the last one goes): with interrupts off, block until any event instead.
 */
static void xen_pvh_halt(void)
{
	struct sched_poll poll = { .nr_ports = 0, .timeout = 0 };

	if (native_ops.irq.save_fl() & X86_EFLAGS_IF)
		native_ops.irq.halt();
	else
		HYPERVISOR_sched_op(SCHEDOP_poll, &poll);
}

const struct paravirt_ops xen_pvh_ops = {
	.name = "xen-pvh",
	.caps = 0,
	.init = {
		.setup = xen_pvh_setup,
		.cpu_init = xen_pvh_cpu_init,
	},
	.irq = {
		.halt = xen_pvh_halt,
	},
	.cpu = {
		.io_delay = (void *)paravirt_nop,	/* no ISA bus to wait for */
	},
	.time = {
		.clock_ns = xen_clock_ns,
		.set_timer = xen_set_timer,
	},
	.misc = {
		.console_write = xen_console_write,
		.console_read = xen_console_read,
		.host_request = xen_host_request,
		.suspend = xen_pvh_suspend,
		.poweroff = xen_poweroff,
		.reboot = xen_reboot,
		.crash = xen_crash,
	},
};
