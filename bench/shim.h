/* SPDX-License-Identifier: MIT */
/*
 * A small C API over google-benchmark 1.7.1 (implemented in shim.cc, the only
 * C++ file). Benchmark bodies are C functions taking an opaque state.
 */
#ifndef MBX_BENCH_SHIM_H
#define MBX_BENCH_SHIM_H

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct mbx_bench_state;
typedef void (*mbx_bench_fn)(struct mbx_bench_state *state, void *arg);

struct mbx_bench;

/* Registers fn under name; arg is passed to every call. NULL on failure. */
struct mbx_bench *mbx_bench_register(const char *name, mbx_bench_fn fn, void *arg);
void mbx_bench_arg(struct mbx_bench *bench, int64_t value);
void mbx_bench_thread_range(struct mbx_bench *bench, int min_threads, int max_threads);
void mbx_bench_threads(struct mbx_bench *bench, int threads);
void mbx_bench_use_real_time(struct mbx_bench *bench);
/* Overrides --benchmark_min_time for this benchmark (seconds). */
void mbx_bench_min_time(struct mbx_bench *bench, double seconds);
/* Runs exactly this many iterations per thread (no estimate from min_time). */
void mbx_bench_iterations(struct mbx_bench *bench, int64_t iterations);
/* The time of each iteration is what the body reports (mbx_bench_set_iteration_time). */
void mbx_bench_use_manual_time(struct mbx_bench *bench);

bool mbx_bench_keep_running(struct mbx_bench_state *state);
int mbx_bench_thread_index(const struct mbx_bench_state *state);
int mbx_bench_threads_count(const struct mbx_bench_state *state);
int64_t mbx_bench_range0(const struct mbx_bench_state *state);
/* Iterations each thread runs in this invocation (known before the loop). */
int64_t mbx_bench_max_iterations(const struct mbx_bench_state *state);
void mbx_bench_set_items_processed(struct mbx_bench_state *state, int64_t items);
/* A counter summed over threads, divided by the run time. */
void mbx_bench_counter_rate(struct mbx_bench_state *state, const char *name, double value);
/* A counter averaged over threads. */
void mbx_bench_counter_avg(struct mbx_bench_state *state, const char *name, double value);
/* A plain counter (summed over threads). */
void mbx_bench_counter(struct mbx_bench_state *state, const char *name, double value);
/* Under manual time: this iteration took seconds (each thread reports; the mean is used). */
void mbx_bench_set_iteration_time(struct mbx_bench_state *state, double seconds);
void mbx_bench_skip_with_error(struct mbx_bench_state *state, const char *message);

/* A key/value pair in the JSON "context" block; call before mbx_bench_run_main. */
void mbx_bench_add_context(const char *key, const char *value);
/* Parses google-benchmark's flags (--benchmark_*) and runs what is registered. */
int mbx_bench_run_main(int argc, char **argv);

#ifdef __cplusplus
}
#endif
#endif /* MBX_BENCH_SHIM_H */
