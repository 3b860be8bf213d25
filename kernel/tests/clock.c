/* The clock and cycle-counter ops advance and never go back. */
#include <pvkit/arch.h>
#include <pvkit/selftest.h>

#define READS 1000

SELFTEST(test_clock_monotonic, "time.clock_monotonic", NULL)
{
	uint64_t first = arch_clock_ns(), prev = first, now = first;

	for (int i = 0; i < READS; i++) {
		now = arch_clock_ns();
		CHECK(now >= prev, "clock went back: %lu -> %lu", (unsigned long)prev,
		      (unsigned long)now);
		if (now < prev)
			return;
		prev = now;
	}
	CHECK(now > first, "clock did not advance over %d reads (%lu ns)", READS,
	      (unsigned long)now);
}

SELFTEST(test_clock_vs_tsc, "time.clock_tracks_tsc", NULL)
{
	uint64_t c0 = arch_rdtsc(), t0 = arch_clock_ns(), c1, t1;

	/* Spin for 2 ms of clock time, bounded by a cycle count. */
	do {
		t1 = arch_clock_ns();
		c1 = arch_rdtsc();
	} while (t1 - t0 < 2000000 && c1 - c0 < 100000000000ULL);
	CHECK(t1 - t0 >= 2000000, "clock did not reach 2 ms (%lu ns)", (unsigned long)(t1 - t0));
	CHECK(c1 > c0, "TSC did not advance while the clock did");
}
