/* SPDX-License-Identifier: MIT */
/* vsnprintf (kernel/format.c) against the C library's snprintf on the host. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

int vsnprintf_kernel(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf_kernel(char *buf, size_t size, const char *fmt, ...);

#define SAME_AS_LIBC(...)						\
	do {								\
		char want[128], got[128];				\
		int nw = snprintf(want, sizeof(want), __VA_ARGS__);	\
		int ng = snprintf_kernel(got, sizeof(got), __VA_ARGS__); \
		assert_string_equal(got, want);				\
		assert_int_equal(ng, nw);				\
	} while (0)

static void integers(void **state)
{
	(void)state;
	SAME_AS_LIBC("%d %i %u", 0, -1, 4294967295u);
	SAME_AS_LIBC("%ld %lu %lld %llu", -9223372036854775807L - 1, 18446744073709551615UL,
		     -5LL, 12345678901234ULL);
	SAME_AS_LIBC("%zu %zd", (size_t)42, (ptrdiff_t)-42);
	SAME_AS_LIBC("%hd %hhu %hx", (short)-3, (unsigned char)250, (unsigned short)0xbeef);
	SAME_AS_LIBC("%o %#o", 8u, 8u);
}

static void hex_and_pointers(void **state)
{
	(void)state;
	SAME_AS_LIBC("%x %X %#x %#X %#lx", 0xabcu, 0xabcu, 0xabcu, 0xabcu, 0xdeadbeefUL);
	SAME_AS_LIBC("%p", (void *)0x1234);
	SAME_AS_LIBC("%#x", 0u);
}

static void width_precision_flags(void **state)
{
	(void)state;
	SAME_AS_LIBC("[%5d][%-5d][%05d][%+d][% d]", 42, 42, 42, 42, 42);
	SAME_AS_LIBC("[%08lx][%-8x][%8.3d][%.0d]", 0xbeefUL, 0x1fu, 7, 0);
	SAME_AS_LIBC("[%*d][%-*d][%.*d]", 6, 1, 6, 2, 4, 3);
	SAME_AS_LIBC("[%05d][%-05d]", -42, -42);
}

static void strings_and_chars(void **state)
{
	(void)state;
	SAME_AS_LIBC("[%s][%10s][%-10s][%.3s][%.*s]", "abc", "abc", "abc", "abcdef", 2, "xyz");
	SAME_AS_LIBC("[%c][%3c][%-3c]%%", 'a', 'b', 'c');
}

static void truncation_and_null(void **state)
{
	char buf[8];

	(void)state;
	assert_int_equal(snprintf_kernel(buf, sizeof(buf), "%s", "0123456789"), 10);
	assert_string_equal(buf, "0123456");
	assert_int_equal(snprintf_kernel(NULL, 0, "%d", 12345), 5);
	assert_int_equal(snprintf_kernel(buf, sizeof(buf), "%s", (char *)NULL), 6);
	assert_string_equal(buf, "(null)");
	assert_int_equal(snprintf_kernel(buf, sizeof(buf), "%q"), 2);
	assert_string_equal(buf, "%q");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(integers),
		cmocka_unit_test(hex_and_pointers),
		cmocka_unit_test(width_precision_flags),
		cmocka_unit_test(strings_and_chars),
		cmocka_unit_test(truncation_and_null),
	};

	return cmocka_run_group_tests_name("format", tests, NULL, NULL);
}
