/* SPDX-License-Identifier: MIT */
/*
 * /init of the test initramfs for the patches/ kernels (static, glibc).
 * Prints, with a "pvtest: " prefix on every line so that the host can pick
 * them out of the kernel's messages:
 *   - the irq_disable site dump of the running kernel (debugfs, the probe);
 *   - the probe's in-kernel local_irq_disable/enable loop;
 *   - with two CPUs or more, CPU 1 taken offline and back, and the kernel
 *     loop run again on it (the sites were patched before it came back);
 *   - a user loop of getppid() system calls;
 * then powers off (pvexit=reboot on the kernel command line: reboots, which
 * QEMU's -no-reboot turns into an exit when there is no ACPI power-off).
 */
#define _GNU_SOURCE
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/klog.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

/*
 * Each round of the user loop takes about ROUND_NS, whatever the cost of a
 * system call (native TCG: ~0.4 us; Xen PV under TCG: ~18 us) and the
 * clock's resolution (a native guest under TCG may only have jiffies).
 */
#define ROUND_NS	300000000ULL
#define ROUNDS		3

static void say(const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int n;

	n = snprintf(buf, sizeof(buf), "pvtest: ");
	va_start(ap, fmt);
	n += vsnprintf(buf + n, sizeof(buf) - n, fmt, ap);
	va_end(ap);
	if (n > (int)sizeof(buf) - 2)
		n = sizeof(buf) - 2;
	buf[n++] = '\n';
	if (write(1, buf, n) < 0)
		return;
}

/* Each line of a debugfs or sysfs file, prefixed with TAG. */
static void show(const char *path, const char *tag)
{
	char line[512];
	FILE *f = fopen(path, "r");

	if (!f) {
		say("error cannot open %s", path);
		return;
	}
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = 0;
		say("%s %s", tag, line);
	}
	fclose(f);
}

static unsigned long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static unsigned long long getppid_loop(unsigned long iters)
{
	unsigned long long t = now_ns();
	unsigned long i;

	for (i = 0; i < iters; i++)
		syscall(SYS_getppid);
	return now_ns() - t;
}

/* Calibrated, then the best of ROUNDS, as the kernel loop does. */
static void syscall_loop(void)
{
	unsigned long long best = ~0ULL, t;
	unsigned long iters = 1000;
	int r;

	/* Double until a run takes a tenth of a round, then scale. */
	while ((t = getppid_loop(iters)) < ROUND_NS / 10)
		iters *= 2;
	iters = iters * ROUND_NS / t;
	for (r = 0; r < ROUNDS; r++) {
		t = getppid_loop(iters);
		if (t < best)
			best = t;
	}
	say("bench syscall iters %lu rounds %d best_ns %llu", iters, ROUNDS, best);
}

/*
 * How many CPUs came up: the SMP runs check it.  sched_getaffinity gives
 * our mask within the active CPUs, and needs no sysfs in the kernel.
 */
static void cpus_online(void)
{
	cpu_set_t set;

	if (sched_getaffinity(0, sizeof(set), &set))
		say("error sched_getaffinity failed");
	else
		say("cpus-online %d", CPU_COUNT(&set));
}

static int write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	int bad;

	if (!f)
		return -1;
	bad = fputs(text, f) < 0;
	return fclose(f) || bad ? -1 : 0;
}

static int count_cpus(void)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	return sched_getaffinity(0, sizeof(set), &set) ? -1 : CPU_COUNT(&set);
}

/*
 * CPU 1 off and on again through sysfs, each step seen in our affinity
 * mask (the kernel adds a CPU that comes back to the masks it left), then
 * the kernel loop bound to it.
 */
static void hotplug_cpu1(void)
{
	const char *online = "/s/devices/system/cpu/cpu1/online";
	int n = count_cpus();
	unsigned int cpu = ~0u;
	cpu_set_t one;

	if (n < 2)
		return;
	if (mount("sysfs", "/s", "sysfs", 0, NULL)) {
		say("error cannot mount sysfs");
		return;
	}
	if (write_file(online, "0") || count_cpus() != n - 1) {
		say("error cpu1 did not go offline (cpus %d)", count_cpus());
		return;
	}
	if (write_file(online, "1")) {
		say("error cpu1 did not come back online");
		return;
	}
	CPU_ZERO(&one);
	CPU_SET(1, &one);
	if (sched_setaffinity(0, sizeof(one), &one)) {
		say("error cannot bind to cpu1 after it came back");
		return;
	}
	/* The system call, not the vDSO, whose getcpu a PV guest may lack. */
	if (syscall(SYS_getcpu, &cpu, NULL, NULL) || cpu != 1) {
		say("error running on cpu %u, not on cpu1", cpu);
		return;
	}
	show("/d/pvsite/bench", "hotplug-bench");
	say("hotplug cpu1 offline and online again, loop run on it");
}

int main(void)
{
	const char *exit_how = getenv("pvexit");

	/*
	 * Kernel messages from here on (a clocksource watchdog under TCG, say)
	 * would land inside our lines on the shared console; a panic still
	 * shows, as panic() raises the level again.
	 */
	if (klogctl(8 /* SYSLOG_ACTION_CONSOLE_LEVEL */, NULL, 1))
		say("error cannot lower the console log level");
	say("begin");
	if (mount("debugfs", "/d", "debugfs", 0, NULL))
		say("error cannot mount debugfs");
	cpus_online();
	show("/d/pvsite/irq_disable", "site");
	show("/d/pvsite/bench", "bench");
	hotplug_cpu1();
	syscall_loop();
	say("end");
	sync();
	if (exit_how && !strcmp(exit_how, "reboot"))
		reboot(RB_AUTOBOOT);
	reboot(RB_POWER_OFF);
	say("error still running after reboot()");
	for (;;)
		pause();
}
