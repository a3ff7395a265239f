// SPDX-License-Identifier: MIT
// The only C++ file: google-benchmark 1.7.1 behind the C API of shim.h.
#include "shim.h"

#include <benchmark/benchmark.h>

#include <string>

static benchmark::State &st(struct mbx_bench_state *s)
{
	return *reinterpret_cast<benchmark::State *>(s);
}

static const benchmark::State &st(const struct mbx_bench_state *s)
{
	return *reinterpret_cast<const benchmark::State *>(s);
}

extern "C" {

struct mbx_bench *mbx_bench_register(const char *name, mbx_bench_fn fn, void *arg)
{
#ifdef MBX_BENCH_NAME_SUFFIX
	// A build of another layout (mbx-bench-abi-v2): its rows say so, last before the params.
	std::string named = std::string(name) + MBX_BENCH_NAME_SUFFIX;
	name = named.c_str();
#endif
	benchmark::internal::Benchmark *b =
	    benchmark::RegisterBenchmark(name, [fn, arg](benchmark::State &s) {
		    fn(reinterpret_cast<struct mbx_bench_state *>(&s), arg);
	    });
	return reinterpret_cast<struct mbx_bench *>(b);
}

static benchmark::internal::Benchmark *bm(struct mbx_bench *b)
{
	return reinterpret_cast<benchmark::internal::Benchmark *>(b);
}

void mbx_bench_arg(struct mbx_bench *bench, int64_t value)
{
	bm(bench)->Arg(value);
}
void mbx_bench_thread_range(struct mbx_bench *bench, int min_threads, int max_threads)
{
	bm(bench)->ThreadRange(min_threads, max_threads);
}
void mbx_bench_threads(struct mbx_bench *bench, int threads)
{
	bm(bench)->Threads(threads);
}
void mbx_bench_use_real_time(struct mbx_bench *bench)
{
	bm(bench)->UseRealTime();
}

void mbx_bench_min_time(struct mbx_bench *bench, double seconds)
{
	bm(bench)->MinTime(seconds);
}

void mbx_bench_iterations(struct mbx_bench *bench, int64_t iterations)
{
	bm(bench)->Iterations(iterations);
}

bool mbx_bench_keep_running(struct mbx_bench_state *state)
{
	return st(state).KeepRunning();
}
int mbx_bench_thread_index(const struct mbx_bench_state *state)
{
	return st(state).thread_index();
}
int mbx_bench_threads_count(const struct mbx_bench_state *state)
{
	return st(state).threads();
}
int64_t mbx_bench_range0(const struct mbx_bench_state *state)
{
	return st(state).range(0);
}
int64_t mbx_bench_max_iterations(const struct mbx_bench_state *state)
{
	return st(state).max_iterations;
}
void mbx_bench_set_items_processed(struct mbx_bench_state *state, int64_t items)
{
	st(state).SetItemsProcessed(items);
}
void mbx_bench_counter_rate(struct mbx_bench_state *state, const char *name, double value)
{
	st(state).counters[name] = benchmark::Counter(value, benchmark::Counter::kIsRate);
}
void mbx_bench_counter_avg(struct mbx_bench_state *state, const char *name, double value)
{
	st(state).counters[name] = benchmark::Counter(value, benchmark::Counter::kAvgThreads);
}
void mbx_bench_counter(struct mbx_bench_state *state, const char *name, double value)
{
	st(state).counters[name] = benchmark::Counter(value);
}
void mbx_bench_use_manual_time(struct mbx_bench *bench)
{
	bm(bench)->UseManualTime();
}
void mbx_bench_set_iteration_time(struct mbx_bench_state *state, double seconds)
{
	st(state).SetIterationTime(seconds);
}
void mbx_bench_skip_with_error(struct mbx_bench_state *state, const char *message)
{
	st(state).SkipWithError(message);
}

void mbx_bench_add_context(const char *key, const char *value)
{
	benchmark::AddCustomContext(key, value);
}

int mbx_bench_run_main(int argc, char **argv)
{
	benchmark::Initialize(&argc, argv);
	if (benchmark::ReportUnrecognizedArguments(argc, argv))
		return 1;
	benchmark::RunSpecifiedBenchmarks();
	benchmark::Shutdown();
	return 0;
}

} // extern "C"
