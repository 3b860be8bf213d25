/* SPDX-License-Identifier: MIT */
/* Formatted output: vsnprintf is pure (host-tested), printk goes to the console op. */
#ifndef PVKIT_PRINTK_H
#define PVKIT_PRINTK_H

#include <stdarg.h>
#include <pvkit/compiler.h>

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);

void printk(const char *fmt, ...) __printf(1, 2);
void console_puts(const char *s, size_t len);

void __noreturn panic(const char *fmt, ...) __printf(1, 2);

#endif
