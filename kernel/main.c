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
#include <pvkit/timer.h>

#ifndef PVKIT_VERSION
#define PVKIT_VERSION "unknown"
#endif

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
		if (req == HOST_POWEROFF)
			arch_poweroff();
		if (req == HOST_REBOOT)
			arch_reboot();
		arch_safe_halt();
	}
}

void pvkit_main(const struct boot_info *bi)
{
	struct selftest_totals t;

	printk("pvkit %s: booting, backend=%s loader=%s memory=%lu MiB\n",
	       PVKIT_VERSION, pv_ops.name, bi->loader, (unsigned long)(bi->mem_bytes >> 20));
	printk("pvkit: command line: \"%s\"\n", bi->cmdline);
	options_parse(bi->cmdline);
	page_alloc_init(bi->free_pfn_start, bi->free_pfn_end);
	if (bi->cpus_present > bi->cpus)
		printk("pvkit: %u CPUs present, %u brought up: this kernel runs on the boot CPU "
		       "only (SMP is not built yet); the others stay down\n",
		       bi->cpus_present, bi->cpus);

	/* The boot CPU's %gs area first: Xen's patched irq sites address it. */
	percpu_init_cpu(0);
	milestone("percpu");
	paravirt_patch_all();
	milestone("patched");
	milestone("cpus");	/* the boot CPU only, until SMP */

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
		       "to power off or reboot (xl shutdown, xl reboot); type help at the console\n");
	if (t.skipped)
		printk("pvkit: %u tests skipped (they cannot run on this platform)\n", t.skipped);
	printk("pvkit: backend=%s cpus=%u tests=%u/%u\n", pv_ops.name, bi->cpus,
	       t.passed, t.total);
	if (t.total && t.passed == t.total) {
		printk("Test result: SUCCESS\n");
		if (kopt.stay)
			idle_until_asked();
		arch_poweroff();
	}
	printk("Test result: FAILURE\n");
	arch_crash();
}
