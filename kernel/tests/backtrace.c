/* SPDX-License-Identifier: MIT */
/* The rbp chain, symbolised with the linked-in table, names our callers. */
#include <pvkit/selftest.h>
#include <pvkit/string.h>
#include <pvkit/symbols.h>

static bool chain_has(const unsigned long *addrs, unsigned int n, const char *want)
{
	for (unsigned int i = 0; i < n; i++) {
		unsigned long off;
		const char *name = symbol_name(addrs[i], &off);

		if (name && !strcmp(name, want))
			return true;
	}
	return false;
}

static __attribute__((noinline)) unsigned int collect(unsigned long *addrs, unsigned int max)
{
	return backtrace_collect((unsigned long)__builtin_frame_address(0), addrs, max);
}

SELFTEST(test_backtrace, "trap.backtrace_symbolised", NULL)
{
	unsigned long addrs[16], off;
	unsigned int n = collect(addrs, 16);
	const char *self = symbol_name((unsigned long)test_backtrace + 1, &off);

	CHECK(self && !strcmp(self, "test_backtrace") && off == 1,
	      "symbol_name(test_backtrace+1) gave %s+%#lx", self ? self : "?", off);
	CHECK(n >= 3, "only %u frames", n);
	CHECK(chain_has(addrs, n, "test_backtrace"), "the chain misses test_backtrace");
	CHECK(chain_has(addrs, n, "selftest_run_all"), "the chain misses selftest_run_all");
	CHECK(chain_has(addrs, n, "pvkit_main"), "the chain misses pvkit_main");
}
