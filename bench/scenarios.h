/* SPDX-License-Identifier: MIT */
/*
 * The scenarios of mbx-bench outside bench_main.c: each registers itself from
 * the variant and wake tables. bench_main.c owns placement.
 */
#ifndef MBX_BENCH_SCENARIOS_H
#define MBX_BENCH_SCENARIOS_H

#include "shim.h"

/* Binds the calling benchmark thread by its index (no-op without hwloc). */
void mbx_bench_bind_self(struct mbx_bench_state *state);
/* Binds the calling (non-benchmark) guest thread: index == count; 0 on success. */
int mbx_bench_bind_guest(int count);
/*
 * The handover of a shared run: thread 0 builds it and stores it in its case
 * before its first mbx_bench_keep_running; google-benchmark's start barrier
 * orders that before every thread's first iteration, where each one calls
 * this with the stored pointer. Returns built, or NULL after skipping the
 * run with error when thread 0 could not build it.
 */
void *mbx_bench_handover(struct mbx_bench_state *state, void *built, const char *error);
/* Monotonic clock in ns. */
uint64_t mbx_bench_now_ns(void);

/* floor/reference_path and enqueue_inline/<variant>/<wake>/<awake|asleep>; 0 on success. */
int mbx_scenario_inline_register(int max_threads);
/* e2e/<variant>/<wake>; 0 on success. */
int mbx_scenario_e2e_register(int max_threads);
/* wake_latency/<variant>/<wake> and wake_latency/futex_pingpong; 0 on success. */
int mbx_scenario_wake_latency_register(void);
/* grow/<base>/<wake>; 0 on success. */
int mbx_scenario_grow_register(int max_threads);
/* peer/<name>/enqueue and peer/<name>/e2e for the peers this build found; 0 on success. */
int mbx_scenario_peers_register(int max_threads);

#endif /* MBX_BENCH_SCENARIOS_H */
