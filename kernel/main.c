/* SPDX-License-Identifier: MIT */
/* The core kernel: options, self-tests, the result protocol, shutdown. */
#include <pvkit/arch.h>
#include <pvkit/bench.h>
#include <pvkit/boot.h>
#include <pvkit/mm.h>
#include <pvkit/options.h>
#include <pvkit/patch.h>
#include <pvkit/percpu.h>
#include <pvkit/printk.h>
#include <pvkit/selftest.h>
#include <pvkit/shell.h>
#include <pvkit/smp.h>
#include <pvkit/string.h>
#include <pvkit/timer.h>

#ifndef PVKIT_VERSION
#define PVKIT_VERSION "unknown"
#endif

static unsigned int booted_cpus;
uint64_t boot_mem_bytes;

/* The summary and result lines; true on success.  bad_sites count as failures. */
static bool report_result(struct selftest_totals t, unsigned int bad_sites)
{
	bool ok = t.total && t.passed == t.total && !bad_sites;

	if (t.skipped)
		printk("pvkit: %u tests skipped (they cannot run on this platform)\n", t.skipped);
	printk("pvkit: backend=%s cpus=%u tests=%u/%u\n", pv_ops.name, booted_cpus,
	       t.passed, t.total);
	printk("Test result: %s\n", ok ? "SUCCESS" : "FAILURE");
	return ok;
}

/*
 * The host saves us (xl save) and may bring us back (xl restore) on
 * another machine: check that the patched code still fits the platform,
 * run the self-tests again and report as at boot.
 */
static void suspend_and_resume(void)
{
	unsigned int checked, differ;
	struct selftest_totals t;
	long rc;

	printk("pvkit: suspend: the host asks us to suspend\n");
	rc = arch_suspend();
	if (rc < 0) {
		printk("pvkit: suspend: failed (%ld); running on\n", rc);
		return;
	}
	printk("pvkit: resume: %s\n", rc ? "the suspend was cancelled, same domain"
					   : "restored");
	differ = paravirt_patch_verify(&checked);
	printk("pvkit: resume: %u patched sites checked, %u differ\n", checked, differ);
	arch_local_irq_enable();
	t = selftest_run_all(pv_ops.name);
	arch_local_irq_disable();
	if (!report_result(t, differ))
		arch_crash();
}

/*
 * Idle with interrupts on, waking for events (and a 20 ms tick, for
 * consoles that raise no interrupt), serving the console shell, until the
 * host asks us to go.  Silent until somebody types.
 */
static void __noreturn idle_until_asked(void)
{
	static struct tick wakeup;

	tick_start(&wakeup, 20000000ULL);
	for (;;) {
		enum host_request req;

		arch_local_irq_disable();
		shell_poll();
		req = arch_host_request();
		/* Named, so a host can tell its own request from our own poweroff. */
		if (req == HOST_POWEROFF) {
			printk("pvkit: host request: poweroff\n");
			arch_poweroff();
		}
		if (req == HOST_REBOOT) {
			printk("pvkit: host request: reboot\n");
			arch_reboot();
		}
		if (req == HOST_SUSPEND)
			suspend_and_resume();
		arch_safe_halt();
	}
}

void milestone(const char *name)
{
	/* The clock starts at entry, but can only be read once setup has run. */
	uint64_t ns = strcmp(name, "entry") ? arch_clock_ns() : 0;

	printk("pvkit: milestone: %-10s ns=%lu\n", name, (unsigned long)ns);
}

void pvkit_main(const struct boot_info *bi)
{
	struct selftest_totals t;

	printk("pvkit %s: booting, backend=%s loader=%s memory=%lu MiB\n",
	       PVKIT_VERSION, pv_ops.name, bi->loader, (unsigned long)(bi->mem_bytes >> 20));
	printk("pvkit: command line: \"%s\"\n", bi->cmdline);
	options_parse(bi->cmdline);
	boot_mem_bytes = bi->mem_bytes;
	page_alloc_init(bi->free_pfn_start, bi->free_pfn_end);

	/* The boot CPU's %gs area first: Xen's patched irq sites address it. */
	percpu_init_cpu(0);
	milestone("percpu");
	paravirt_patch_all();
	milestone("patched");
	booted_cpus = smp_boot_cpus(bi);
	milestone("cpus");

	if (kopt.fail == FORCE_PANIC)
		panic("forced by fail=panic on the command line");
	if (kopt.fail == FORCE_HANG) {
		printk("pvkit: hanging as asked by fail=hang\n");
		arch_local_irq_disable();
		for (;;)
			arch_halt();
	}

	t = selftest_run_all(pv_ops.name);
	milestone("selftests");
	if (kopt.bench)
		bench_run_all();
	if (kopt.stay)
		printk("pvkit: stay: after the result this kernel idles until the host asks it "
		       "to power off, reboot or suspend (xl shutdown, xl reboot, xl save); type "
		       "help at the console\n");
	if (!report_result(t, 0))
		arch_crash();
	if (kopt.stay)
		idle_until_asked();
	arch_poweroff();
}
