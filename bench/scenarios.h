/* SPDX-License-Identifier: MIT */
/*
 * The scenarios of mbx-bench: each registers itself from the variant, wake,
 * base and peer tables (floor and enqueue: bench_main.c). Their shared
 * helpers are in harness.h, which never includes a scenario.
 */
#ifndef MBX_BENCH_SCENARIOS_H
#define MBX_BENCH_SCENARIOS_H

struct mbx_peer_ops;

/* floor/reference_path and enqueue_inline/<variant>/<wake>/<awake|asleep>; 0 on success. */
int mbx_scenario_inline_register(int max_threads);
/* e2e/<variant>/<wake>; 0 on success. */
int mbx_scenario_e2e_register(int max_threads);
/* peer/<name>/e2e through the same body; 0 on success. */
int mbx_scenario_e2e_register_peer(const struct mbx_peer_ops *peer, int max_threads);
/* wake_latency/<variant>/<wake> and wake_latency/futex_pingpong; 0 on success. */
int mbx_scenario_wake_latency_register(void);
/* grow/<base>/<wake>; 0 on success. */
int mbx_scenario_grow_register(int max_threads);
/*
 * paused/<variant>/<wake>, 2 and 4 producers: e2e with producer 0 paused
 * PAUSE_NS at its variant's fault point (ring/fault.h); only in a build with
 * MBX_FAULT_INJECTION (mbx-bench-paused), else -1. 0 on success.
 */
int mbx_scenario_paused_register(void);
/* peer/<name>/enqueue and peer/<name>/e2e for the peers this build found; 0 on success. */
int mbx_scenario_peers_register(int max_threads);

#endif /* MBX_BENCH_SCENARIOS_H */
