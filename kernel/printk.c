/* SPDX-License-Identifier: MIT */
/* printk and panic: format into a buffer, hand it to the console op. */
#include <stdarg.h>
#include <pvkit/arch.h>
#include <pvkit/percpu.h>
#include <pvkit/printk.h>
#include <pvkit/smp.h>
#include <pvkit/spinlock.h>
#include <pvkit/string.h>
#include <pvkit/symbols.h>

#define PRINTK_BUF 512

/*
 * Terminals (xl console, QEMU -nographic) are in raw mode, so the console
 * sends "\r\n" for each newline, as a UART driver would.
 */
void console_puts(const char *s, size_t len)
{
	const char *start = s, *end = s + len;

	for (; s < end; s++) {
		if (*s != '\n')
			continue;
		arch_console_write(start, (size_t)(s - start));
		arch_console_write("\r\n", 2);
		start = s + 1;
	}
	if (start < end)
		arch_console_write(start, (size_t)(end - start));
}

/*
 * One CPU's line at a time.  Only once other CPUs run: before that %gs may
 * not point at a per-cpu area yet.  A CPU that faults inside printk (or
 * panics) and prints again already holds the lock: it goes on without.
 */
static spinlock_t console_spinlock;
static unsigned int console_owner = ~0U;

static bool console_lock(void)
{
	unsigned int me;

	if (READ_ONCE(smp_cpus_online) <= 1)
		return false;
	me = smp_processor_id();
	if (READ_ONCE(console_owner) == me)
		return false;
	spin_lock(&console_spinlock);
	console_owner = me;
	return true;
}

static void console_unlock(bool taken)
{
	if (!taken)
		return;
	console_owner = ~0U;
	spin_unlock(&console_spinlock);
}

void printk(const char *fmt, ...)
{
	char buf[PRINTK_BUF];
	unsigned long flags;
	bool taken;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n >= (int)sizeof(buf))
		n = sizeof(buf) - 1;

	flags = arch_local_irq_save();
	taken = console_lock();
	console_puts(buf, (size_t)n);
	console_unlock(taken);
	arch_local_irq_restore(flags);
}

void panic(const char *fmt, ...)
{
	char buf[PRINTK_BUF];
	va_list ap;

	arch_local_irq_disable();
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	printk("pvkit: PANIC: %s\n", buf);
	backtrace_print(0, (unsigned long)__builtin_frame_address(0));	/* from our caller */
	printk("Test result: FAILURE\n");
	arch_crash();
}
