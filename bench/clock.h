/* SPDX-License-Identifier: MIT */
/* The one clock of bench/: CLOCK_MONOTONIC in ns (vDSO, no system call). No atomics. */
#ifndef MBX_BENCH_CLOCK_H
#define MBX_BENCH_CLOCK_H

#include <stdint.h>
#include <time.h>

static inline uint64_t mbx_bench_now_ns(void)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (uint64_t)now.tv_sec * 1000000000u + (uint64_t)now.tv_nsec;
}

#endif /* MBX_BENCH_CLOCK_H */
