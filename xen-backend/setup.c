/* SPDX-License-Identifier: MIT */
/*
 * Xen PV setup: check start_info, map shared_info, bring up the PV console,
 * install the trap table and the event callbacks.  Events stay masked (the
 * domain builder starts every vCPU with evtchn_upcall_mask = 1).
 */
#include <pvkit/compiler.h>
#include <xen/xen.h>
#include <pvkit/boot.h>
#include <pvkit/options.h>
#include <pvkit/printk.h>
#include <pvkit/string.h>
#include <xen-common/fault.h>
#include <xen-common/hypercall.h>
#include "xen.h"
#include <xen-common/xenstore.h>

#define START_INFO_MAGIC	"xen-3.0-x86_64"
#define PTE_KERNEL_RW		0x063	/* present, writable, accessed, dirty */

start_info_t *xen_start_info;
/* A page of our image whose mapping is replaced by the shared_info frame. */
static unsigned char shared_info_page[PAGE_SIZE] __aligned(PAGE_SIZE);

extern uint64_t xen_entry_tsc;		/* read first thing in pv-entry.S */
extern const char xen_event_callback[], xen_failsafe_callback[];

void __noreturn __used xen_pv_start(start_info_t *si)
{
	pvkit_start(PV_ENTRY_XEN_PV, si);
}

/*
 * Before shared_info there is no clock: the reason goes into the console
 * ring start_info names (a domU's console_io is dropped by a non-debug
 * Xen; dom0's is the console), xenconsoled gets a bounded number of
 * yields to take it, and the crash code tells xl.  A start_info we cannot
 * trust has only console_io.
 */
static void __noreturn early_fail(const start_info_t *si, const char *what, long rc)
{
	struct sched_shutdown s = { .reason = SHUTDOWN_crash };

	if (si && !(si->flags & SIF_INITDOMAIN))
		xen_console_init_early((void *)(machine_to_phys_mapping[si->console.domU.mfn]
						<< PAGE_SHIFT), si->console.domU.evtchn);
	if (si)
		printk("pvkit: xen: %s (%ld): stopping before setup is done\n", what, rc);
	else
		HYPERVISOR_console_io(CONSOLEIO_write, strlen(what), what);
	xen_console_flush_early();
	HYPERVISOR_sched_op(SCHEDOP_shutdown, &s);
	for (;;)
		;
}

static void register_callback(uint16_t type, const void *handler)
{
	struct callback_register cb = {
		.type = type,
		.address = (unsigned long)handler,
	};
	long rc = HYPERVISOR_callback_op(CALLBACKOP_register, &cb);

	if (rc)
		panic("CALLBACKOP_register type %u failed: %ld", type, rc);
}

/* Points our shared_info page at machine address maddr, or at nothing (0). */
long xen_map_shared_info(uint64_t maddr)
{
	return HYPERVISOR_update_va_mapping((unsigned long)shared_info_page,
					    maddr ? maddr | PTE_KERNEL_RW : 0, UVMF_INVLPG);
}

/* The console and store rings: machine frames, turned into ours through the M2P table. */
void xen_pv_rings_init(const start_info_t *si)
{
	if (!(si->flags & SIF_INITDOMAIN))
		xen_console_init((void *)(machine_to_phys_mapping[si->console.domU.mfn] << PAGE_SHIFT),
				 si->console.domU.evtchn);
	xen_xenstore_init((void *)(machine_to_phys_mapping[si->store_mfn] << PAGE_SHIFT),
			  si->store_evtchn);
}

void xen_setup(void *boot_data, struct boot_info *bi)
{
	start_info_t *si = boot_data;

	long rc;

	if (!si || memcmp(si->magic, START_INFO_MAGIC, sizeof(START_INFO_MAGIC) - 1))
		early_fail(NULL, "pvkit: Xen PV entry without a 64-bit start_info\n", 0);
	xen_start_info = si;
	si->cmd_line[MAX_GUEST_CMDLINE - 1] = '\0';
	options_parse_quiet((const char *)si->cmd_line);	/* for fail=xen-* */

	rc = xen_fault(FORCE_XEN_EARLY) ? XEN_FAULT_RC : xen_map_shared_info(si->shared_info);
	if (rc)
		early_fail(si, xen_fault(FORCE_XEN_EARLY) ?
			   "cannot map shared_info: update_va_mapping failed, injected by "
			   "fail=xen-early" : "cannot map shared_info: update_va_mapping failed", rc);
	xen_shared_info = (shared_info_t *)shared_info_page;
	xen_vcpu = &xen_shared_info->vcpu_info[0];
	xen_irq_disable();
	xen_evtchn_init();

	xen_pv_rings_init(si);
	xen_control_init();
	xen_p2m_publish();
	xen_time_init(xen_entry_tsc);
	xen_traps_init();
	register_callback(CALLBACKTYPE_event, xen_event_callback);
	register_callback(CALLBACKTYPE_failsafe, xen_failsafe_callback);

	bi->cmdline = (const char *)si->cmd_line;
	bi->loader = "xen-pv";
	bi->mem_bytes = (uint64_t)si->nr_pages << PAGE_SHIFT;
	bi->cpus = 1;
	/* VCPUOP_is_up answers for every vCPU the domain has, -ENOENT past the last. */
	while (bi->cpus_present < 4096 &&
	       HYPERVISOR_vcpu_op(VCPUOP_is_up, bi->cpus_present, NULL) >= 0)
		bi->cpus_present++;
	xen_free_frames(bi);
	printk("pvkit: xen: start_info %s, %lu pages, console evtchn %u, store evtchn %u\n",
	       si->magic, si->nr_pages, xen_console_port(), si->store_evtchn);
}
