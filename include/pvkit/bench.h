/* SPDX-License-Identifier: MIT */
/*
 * In-kernel microbenchmarks (the "bench" option).  Every benchmark has one
 * loop per mode: "native" (the instruction compiled in, native backend
 * only), "off" (unpatched indirect call), "call" (direct call) and "inline"
 * (the backend's template); the pv-op sites in each loop are recorded with
 * that mode forced, so one boot measures them all.
 */
#ifndef PVKIT_BENCH_H
#define PVKIT_BENCH_H

#include <pvkit/compiler.h>

enum bench_mode { BENCH_NATIVE, BENCH_OFF, BENCH_CALL, BENCH_INLINE, BENCH_NR_MODES };

typedef void (*bench_loop_fn)(unsigned long iterations);

/* A compiled-in reference loop, valid only on the backend that registers it. */
struct bench_ref {
	const char *bench;
	const char *backend;
	bench_loop_fn loop;
};

#define BENCH_REF(name_, backend_, fn_)					\
	static const struct bench_ref __bench_ref_##fn_			\
		__used __section(".bench_refs") __aligned(8) = { name_, backend_, fn_ }

/* A page the PTE benchmark rewrites (mapped 4 KiB-wise on every backend). */
extern unsigned char bench_scratch_page[PAGE_SIZE];

void bench_run_all(void);

#endif
