/* printk and panic: format into a buffer, hand it to the console op. */
#include <stdarg.h>
#include <pvkit/arch.h>
#include <pvkit/printk.h>
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

void printk(const char *fmt, ...)
{
	char buf[PRINTK_BUF];
	unsigned long flags;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n >= (int)sizeof(buf))
		n = sizeof(buf) - 1;

	flags = arch_local_irq_save();
	console_puts(buf, (size_t)n);
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
