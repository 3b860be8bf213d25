/* SPDX-License-Identifier: MIT */
/*
 * A line shell on the console: whatever the console op reads is echoed,
 * and each line runs a command.  The first keystroke brings the prompt, so
 * a kernel nobody talks to keeps the result lines as its last output.
 */
#include <pvkit/arch.h>
#include <pvkit/bench.h>
#include <pvkit/boot.h>
#include <pvkit/patch.h>
#include <pvkit/percpu.h>
#include <pvkit/printk.h>
#include <pvkit/selftest.h>
#include <pvkit/shell.h>
#include <pvkit/string.h>

#define LINE_MAX 80

static char line[LINE_MAX];
static size_t used;
static bool prompted;

static void cmd_help(void)
{
	printk("commands: help, patch (patch statistics), percpu (this CPU's area), "
	       "test (run the self-tests), bench, poweroff, reboot\n");
}

static void cmd_percpu(void)
{
	struct percpu *area = this_cpu_area();

	printk("pvkit: percpu: cpu %u, %%gs base %p, test counter %lu, platform slot at %%gs:%d\n",
	       area->cpu, (void *)area, area->test_counter, PERCPU_PLATFORM_OFFSET);
}

static void cmd_test(void)
{
	struct selftest_totals t = selftest_run_all(pv_ops.name);

	printk("pvkit: tests=%u/%u (%u skipped)\n", t.passed, t.total, t.skipped);
}

static const struct {
	const char *name;
	void (*run)(void);
} commands[] = {
	{ "help", cmd_help },
	{ "patch", paravirt_patch_report },
	{ "percpu", cmd_percpu },
	{ "test", cmd_test },
	{ "bench", bench_run_all },
	{ "poweroff", arch_poweroff },
	{ "reboot", arch_reboot },
};

static void run(const char *cmd)
{
	if (!*cmd)
		return;
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
		if (!strcmp(cmd, commands[i].name)) {
			commands[i].run();
			return;
		}
	printk("unknown command '%s' (try help)\n", cmd);
}

void shell_poll(void)
{
	char buf[32];
	size_t n;

	while ((n = arch_console_read(buf, sizeof(buf)))) {
		if (!prompted) {
			printk("pvkit> ");
			prompted = true;
		}
		for (size_t i = 0; i < n; i++) {
			char c = buf[i];

			if (c == '\r' || c == '\n') {
				printk("\n");
				line[used] = '\0';
				used = 0;
				run(line);
				printk("pvkit> ");
			} else if ((c == '\b' || c == 0x7f) && used) {
				used--;
				printk("\b \b");
			} else if (c >= ' ' && c < 0x7f && used < LINE_MAX - 1) {
				line[used++] = c;
				printk("%c", c);
			}
		}
	}
}
