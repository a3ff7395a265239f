/* SPDX-License-Identifier: MIT */
/* The harness of mbx-bench: see harness.h for the wall clock and its edges. */
#include <limits.h>
#include <signal.h>
#include <linux/futex.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"
#ifdef MBX_BENCH_HAVE_HWLOC
#include "pin.h"

/* Loaded once by mbx_bench_harness_init before any benchmark runs; read-only afterwards. */
static hwloc_topology_t topology;
static enum mbx_pin_policy placement = MBX_PIN_COMPACT;
#endif

static double run_seconds = 0.2;
static long online_cpus = 1;
/* The CPU this benchmark thread saw right after binding (mbx_bench_bind_self). */
static _Thread_local int bound_cpu = -1;
/* Whether that bind failed: mbx_bench_wall_end fails the row, after the end barrier. */
static _Thread_local bool bind_failed;

int mbx_bench_harness_init(void)
{
	const char *env = getenv("MBX_BENCH_RUN_S");

	if (env && atof(env) > 0)
		run_seconds = atof(env);
	online_cpus = sysconf(_SC_NPROCESSORS_ONLN);
	if (online_cpus < 1)
		online_cpus = 1;
#ifdef MBX_BENCH_HAVE_HWLOC
	const char *pol = getenv("MBX_BENCH_PLACEMENT");
	if (pol && mbx_pin_policy_parse(pol) >= 0)
		placement = (enum mbx_pin_policy)mbx_pin_policy_parse(pol);
	if (hwloc_topology_init(&topology) || hwloc_topology_load(topology)) {
		fprintf(stderr, "mbx-bench: hwloc topology failed\n");
		return -1;
	}
#endif
	return 0;
}

double mbx_bench_run_seconds(void)
{
	return run_seconds;
}

void mbx_bench_harness_context(void)
{
	char buf[128];

	snprintf(buf, sizeof buf, "%g", run_seconds);
	mbx_bench_add_context("mbx_run_seconds", buf);
#ifdef MBX_BENCH_HAVE_HWLOC
	mbx_bench_add_context("mbx_placement", mbx_pin_policy_name(placement));
	snprintf(buf, sizeof buf, "packages=%d l3=%d cores=%d pus=%d",
	         hwloc_get_nbobjs_by_type(topology, HWLOC_OBJ_PACKAGE),
	         hwloc_get_nbobjs_by_type(topology, HWLOC_OBJ_L3CACHE),
	         hwloc_get_nbobjs_by_type(topology, HWLOC_OBJ_CORE),
	         hwloc_get_nbobjs_by_type(topology, HWLOC_OBJ_PU));
	mbx_bench_add_context("mbx_topology", buf);
	{
		/* the CPU's name as hwloc reads it (x86: CPUID's brand string): machines differ */
		hwloc_obj_t package = hwloc_get_obj_by_type(topology, HWLOC_OBJ_PACKAGE, 0);
		const char *model =
		    package ? hwloc_obj_get_info_by_name(package, "CPUModel") : NULL;

		mbx_bench_add_context("mbx_cpu_model", model ? model : "unknown");
	}
#else
	mbx_bench_add_context("mbx_placement", "none (built without hwloc)");
#endif
}

struct mbx_bench *mbx_bench_register_run(const char *name, mbx_bench_fn fn, void *arg,
                                         int max_threads)
{
	struct mbx_bench *b = mbx_bench_register(name, fn, arg);

	if (max_threads > MBX_BENCH_MAX_THREADS)
		max_threads = MBX_BENCH_MAX_THREADS;
	if (b) {
		mbx_bench_thread_range(b, 1, max_threads);
		mbx_bench_iterations(b, 1);
		mbx_bench_use_manual_time(b);
	}
	return b;
}

bool mbx_bench_bind_self(struct mbx_bench_state *state, bool helper)
{
	bind_failed = false;
#ifdef MBX_BENCH_HAVE_HWLOC
	int index = mbx_bench_thread_index(state), count = mbx_bench_threads_count(state);
	int pu = helper ? mbx_pin_place_helped(topology, placement, index, count)
	                : mbx_pin_place(topology, placement, index, count);
	bind_failed = mbx_pin_bind_self(topology, pu) != 0;
#else
	(void)state;
	(void)helper;
#endif
	bound_cpu = sched_getcpu();
	return !bind_failed;
}

int mbx_bench_bind_helper(int producers)
{
#ifdef MBX_BENCH_HAVE_HWLOC
	return mbx_pin_bind_self(topology,
	                         mbx_pin_place_helped(topology, placement, producers, producers));
#else
	(void)producers;
	return 0;
#endif
}

int mbx_bench_bind_helper_run(void *producers)
{
	return mbx_bench_bind_helper(*(const int *)producers);
}

void *mbx_bench_handover(struct mbx_bench_state *state, void *built, const char *error)
{
	if (!built)
		mbx_bench_skip_with_error(state, error);
	return built;
}

/*
 * A thread waiting at a barrier sleeps in the kernel instead of spinning, so
 * it burns no CPU outside the wall: cpu_time / real_time stays at or below
 * the CPUs the row used.
 */
static void barrier_wait(_Atomic uint32_t *word, uint32_t until)
{
	uint32_t seen;

	/* acquire: A-GO / A-LEFT, see harness.h */
	while ((seen = atomic_load_explicit(word, memory_order_acquire)) < until)
		syscall(SYS_futex, word, FUTEX_WAIT_PRIVATE, seen, NULL, NULL, 0);
}

static void barrier_wake(_Atomic uint32_t *word)
{
	syscall(SYS_futex, word, FUTEX_WAKE_PRIVATE, INT_MAX, NULL, NULL, 0);
}

/* The deadline's timer (a thread of its own): stops a row whose items are slow. */
static void wall_alarm(union sigval value)
{
	mbx_bench_wall_stop(value.sival_ptr);
}

void mbx_bench_wall_reset(struct mbx_bench_wall *wall, int threads, bool helper)
{
	wall->threads = threads;
	wall->helper = helper;
	wall->start_ns = wall->deadline_ns = 0;
	atomic_init(&wall->arrived, 0);
	atomic_init(&wall->go, 0);
	wall->timer_armed = false;
	atomic_init(&wall->stop, false);
	atomic_init(&wall->left, 0);
	atomic_init(&wall->end_ns, 0);
}

void mbx_bench_wall_start(struct mbx_bench_wall *wall)
{
	/* relaxed: a count; R-GO below publishes what the last arrival writes */
	if (atomic_fetch_add_explicit(&wall->arrived, 1, memory_order_relaxed) + 1 ==
	    (uint32_t)wall->threads) {
		wall->start_ns = mbx_bench_now_ns();
		wall->deadline_ns = wall->start_ns + (uint64_t)(run_seconds * 1e9);
		struct sigevent event = {.sigev_notify = SIGEV_THREAD,
		                         .sigev_notify_function = wall_alarm,
		                         .sigev_value.sival_ptr = wall};
		struct itimerspec at = {
		    .it_value = {.tv_sec = (time_t)(wall->deadline_ns / 1000000000u),
		                 .tv_nsec = (long)(wall->deadline_ns % 1000000000u)}};
		/* without a timer, the 64-item clock check alone ends the run */
		wall->timer_armed = timer_create(CLOCK_MONOTONIC, &event, &wall->timer) == 0;
		if (wall->timer_armed &&
		    timer_settime(wall->timer, TIMER_ABSTIME, &at, NULL) != 0) {
			timer_delete(wall->timer);
			wall->timer_armed = false;
		}
		/* R-GO: start_ns and deadline_ns; pairs with A-GO */
		atomic_store_explicit(&wall->go, 1, memory_order_release);
		barrier_wake(&wall->go);
		return;
	}
	barrier_wait(&wall->go, 1); /* A-GO: pairs with R-GO */
}

void mbx_bench_wall_stop(struct mbx_bench_wall *wall)
{
	/* relaxed: see harness.h */
	atomic_store_explicit(&wall->stop, true, memory_order_relaxed);
}

void mbx_bench_wall_end(struct mbx_bench_state *state, struct mbx_bench_wall *wall, uint64_t end_ns)
{
	int index = mbx_bench_thread_index(state);
	uint64_t end = end_ns ? end_ns : mbx_bench_now_ns();
	/* relaxed: the latest end; R-LEFT below publishes it */
	uint64_t seen = atomic_load_explicit(&wall->end_ns, memory_order_relaxed);
	char name[32];

	while (seen < end &&
	       !atomic_compare_exchange_weak_explicit(&wall->end_ns, &seen, end,
	                                              memory_order_relaxed, memory_order_relaxed))
		; /* relaxed both ways: as above */
	if (index < MBX_BENCH_MAX_THREADS) {
		wall->cpu[index][0] = bound_cpu;
		wall->cpu[index][1] = sched_getcpu();
	}
	/* R-LEFT: our end and CPUs; pairs with A-LEFT (acq_rel: the last one reads all) */
	if (atomic_fetch_add_explicit(&wall->left, 1, memory_order_acq_rel) + 1 ==
	    (uint32_t)wall->threads) {
		if (wall->timer_armed)
			timer_delete(wall->timer); /* everyone stopped: not needed any more */
		wall->timer_armed = false;
		barrier_wake(&wall->left);
	} else
		barrier_wait(&wall->left, (uint32_t)wall->threads); /* A-LEFT */
	/* relaxed: ordered by A-LEFT */
	end = atomic_load_explicit(&wall->end_ns, memory_order_relaxed);
	mbx_bench_set_iteration_time(state, (double)(end - wall->start_ns) / 1e9);
	snprintf(name, sizeof name, "cpu_p%d", index);
	mbx_bench_counter(state, name, bound_cpu);
	snprintf(name, sizeof name, "cpu_p%d_end", index);
	mbx_bench_counter(state, name, wall->cpu[index][1]);
	if (index == 0)
		mbx_bench_counter(state, "oversubscribed",
		                  wall->threads + wall->helper > online_cpus ? 1 : 0);
	if (bind_failed)
		mbx_bench_skip_with_error(state, "hwloc bind failed");
}

void mbx_bench_wall_helper(struct mbx_bench_state *state, const struct mbx_bench_wall *wall,
                           const int cpu[2], bool bind_failed)
{
	int shared = 0;

	for (int i = 0; i < wall->threads && i < MBX_BENCH_MAX_THREADS; i++)
		shared += wall->cpu[i][0] == cpu[0] || wall->cpu[i][0] == cpu[1] ||
		          wall->cpu[i][1] == cpu[0] || wall->cpu[i][1] == cpu[1];
	mbx_bench_counter(state, "cpu_helper", cpu[0]);
	mbx_bench_counter(state, "cpu_helper_end", cpu[1]);
	mbx_bench_counter(state, "helper_shared", shared);
	if (bind_failed)
		mbx_bench_skip_with_error(state, "hwloc bind of the helper thread failed");
}
