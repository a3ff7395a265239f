/* SPDX-License-Identifier: MIT */
/*
 * The harness every scenario of mbx-bench shares (bench_main.c only
 * registers): placement, the handover of a shared run, and one wall clock
 * per run.
 *
 * One wall clock: every multi-threaded row runs one iteration per
 * repetition (mbx_bench_register_run). Its threads meet at a start barrier
 * (the last to arrive takes the start time), work until a shared stop flag
 * (set by a POSIX timer at the deadline, by the first thread whose 64-item
 * clock check sees it, or by one that hit a limit), and meet again at an end barrier; the row's time is start to the
 * latest end every thread reported (for e2e: the moment the consumer had
 * taken every id), reported by each thread as its manual iteration time, so
 * google-benchmark's per-thread mean is that one interval. Throughput is
 * total items over it, for the mailbox and every peer alike. No timer is
 * ever paused.
 *
 * Placement: producers by index; the helper thread of a row (guest,
 * consumer, grower) on a core no producer uses (pin.h); a failed bind fails
 * the row. Each thread records the CPU it ran on at start and end
 * (sched_getcpu) as counters cpu_p<i> / cpu_p<i>_end, the helper as
 * cpu_helper / cpu_helper_end, with helper_shared (producers seen on the
 * helper's CPU) and oversubscribed (threads + helper > online CPUs).
 */
#ifndef MBX_BENCH_HARNESS_H
#define MBX_BENCH_HARNESS_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include <mbx/abi.h>
#include <mbx/mailbox.h>
#include <mbx/status.h>
#include <mbx/tally.h>
#include <mbx/variant.h>

#include "clock.h"
#include "shim.h"

#define MBX_BENCH_MAX_THREADS 64

/* Whether a wake policy reads the guest's waiter word (so an asleep row differs from awake). */
static inline bool mbx_bench_wake_reads_waiter(enum mbx_wake_kind wake)
{
	return wake == MBX_WAKE_WAITER_AWARE || wake == MBX_WAKE_WAITER_HANDOFF;
}

/* Producer-only rows: an id in the one encoding (mbx_tally_id), never 0; unique ids are e2e's. */
static inline uint32_t mbx_bench_id(uint32_t producer, uint64_t n)
{
	return mbx_tally_id(producer & (MBX_TALLY_MAX_PRODUCERS - 1u),
	                    ((uint32_t)n & MBX_TALLY_MAX_SEQUENCE) | 1u);
}

/* Placement policy and topology (MBX_BENCH_PLACEMENT), run length (MBX_BENCH_RUN_S); 0 on success. */
int mbx_bench_harness_init(void);
/* Context keys: mbx_placement, mbx_topology, mbx_cpu_model, mbx_run_seconds. */
void mbx_bench_harness_context(void);
/* Seconds each repetition of a wall-clock row runs (MBX_BENCH_RUN_S, default 0.2). */
double mbx_bench_run_seconds(void);

/* A multi-threaded row: threads 1..max, one iteration per repetition, wall-clock time. */
struct mbx_bench *mbx_bench_register_run(const char *name, mbx_bench_fn fn, void *arg,
                                         int max_threads);

/*
 * Binds the calling benchmark thread by its index (helper: the row has a
 * helper thread); false when the bind failed. mbx_bench_wall_end then fails
 * the row (after the end barrier, so every thread still meets the others);
 * a body without a wall fails it itself.
 */
bool mbx_bench_bind_self(struct mbx_bench_state *state, bool helper);
/* Binds the helper of a row with producers producers; 0 on success. */
int mbx_bench_bind_helper(int producers);
/* The runner's bind hook (run.h): context points at the int count of producers. */
int mbx_bench_bind_helper_run(void *producers);
/*
 * The handover of a shared run: thread 0 builds it and stores it in its case
 * before its first mbx_bench_keep_running; google-benchmark's start barrier
 * orders that before every thread's first iteration, where each one calls
 * this with the stored pointer. Returns built, or NULL after skipping the
 * run with error when thread 0 could not build it.
 */
void *mbx_bench_handover(struct mbx_bench_state *state, void *built, const char *error);

/*
 * Edges of the wall (harness.c):
 *   R-GO / A-GO      the last thread at the start barrier publishes start_ns
 *   R-LEFT / A-LEFT  each thread's end time and CPUs before the end barrier
 *   stop             relaxed: a request to stop soon, no data rides on it
 */
struct mbx_bench_wall {
	int threads;
	bool helper;
	uint64_t start_ns;    /* R-GO publishes it */
	uint64_t deadline_ns; /* likewise */
	timer_t timer;        /* sets stop at the deadline; the last one at the end deletes it */
	bool timer_armed;
	_Atomic uint32_t arrived; /* start barrier */
	_Atomic uint32_t go;      /* R-GO / A-GO: 0, then 1 (a futex word) */
	_Atomic bool stop;        /* relaxed, see above */
	_Atomic uint32_t left;    /* end barrier: R-LEFT / A-LEFT (a futex word) */
	_Atomic uint64_t end_ns;  /* the latest end reported */
	int cpu[MBX_BENCH_MAX_THREADS][2];
};

/* Thread 0, before its mbx_bench_keep_running (the start barrier publishes it). */
void mbx_bench_wall_reset(struct mbx_bench_wall *wall, int threads, bool helper);
/* Every thread, inside its one iteration: waits for the others; the clock starts. */
void mbx_bench_wall_start(struct mbx_bench_wall *wall);
/* Asks every thread to stop (a limit was reached). */
void mbx_bench_wall_stop(struct mbx_bench_wall *wall);

/* Whether to go on after n items: the shared flag, and every 64 items the deadline. */
static inline bool mbx_bench_wall_running(struct mbx_bench_wall *wall, uint64_t n)
{
	/* relaxed: see the edges above */
	if (atomic_load_explicit(&wall->stop, memory_order_relaxed))
		return false;
	if (n % 64 != 0 || mbx_bench_now_ns() < wall->deadline_ns)
		return true;
	mbx_bench_wall_stop(wall);
	return false;
}

/*
 * Every thread, once: end_ns is when its part ended (0: now; e2e: the
 * consumer's finish). Waits for every thread, then reports start to the
 * latest end as this iteration's time, and the CPU counters.
 */
void mbx_bench_wall_end(struct mbx_bench_state *state, struct mbx_bench_wall *wall,
                        uint64_t end_ns);
/*
 * Thread 0 after mbx_bench_wall_end: the helper's CPUs (start, end); counts
 * the producers that ran on its CPU; fails the row when its bind failed.
 */
void mbx_bench_wall_helper(struct mbx_bench_state *state, const struct mbx_bench_wall *wall,
                           const int cpu[2], bool bind_failed);

/*
 * A full ring in a producer-only row: sequenced never overwrites, so on
 * MBX_E_FULL the producer plays a discarding guest and moves head up to
 * tail, inside the timed run (its cost is part of the row; the counter
 * `full` says how often). Races between producers doing this only cost
 * extra retries.
 */
static inline void mbx_bench_discard_ring(struct mbx_abi_mailbox *region)
{
	/* Acquire: pairs with the producers' tail RMW; a recent value is enough. */
	uint32_t tail = atomic_load_explicit(&region->tail, memory_order_acquire);
	/* Release: acts as the guest's head store; pairs with A-HEAD in the claim. */
	atomic_store_explicit(&region->head, tail, memory_order_release);
}

/* One enqueue of a producer-only row: id, the producer's n-th (accepted so far). */
typedef enum mbx_status (*mbx_bench_enqueue_fn)(void *context, uint32_t id, uint64_t n);

/*
 * The body of every producer-only row on a mailbox (enqueue/,
 * enqueue_unquiesced/, enqueue_qsbr/, enqueue_inline/): each thread binds, sets the waiter
 * word (asleep: 1), and enqueues its ids on the wall clock until it stops;
 * only accepted ids are items, a full ring is emptied (mbx_bench_discard_ring)
 * and the id retried. Counter `full`; a failed enqueue fails the row with
 * failure. Inlined into each caller, so that with enqueue a constant the
 * call stays direct (enqueue_inline/).
 */
static inline __attribute__((always_inline)) void
mbx_bench_enqueue_loop(struct mbx_bench_state *state, struct mbx_bench_wall *wall,
                       struct mbx_abi_mailbox *region, bool asleep, mbx_bench_enqueue_fn enqueue,
                       void *context, const char *failure)
{
	uint32_t producer = (uint32_t)mbx_bench_thread_index(state);
	uint64_t n = 0, full = 0;
	enum mbx_status status = MBX_OK;

	mbx_bench_bind_self(state, false);
	if (producer == 0)
		mbx_bench_wall_reset(wall, mbx_bench_threads_count(state), false);
	/* Relaxed: set before the timed run; waiter_aware reads it with its own fence. */
	atomic_store_explicit(&region->waiter, asleep ? 1u : 0u, memory_order_relaxed);
	while (mbx_bench_keep_running(state)) {
		mbx_bench_wall_start(wall);
		while (mbx_bench_wall_running(wall, n)) {
			while ((status = enqueue(context, mbx_bench_id(producer, n), n)) ==
			       MBX_E_FULL) {
				full++;
				mbx_bench_discard_ring(region);
			}
			if (status != MBX_OK) {
				mbx_bench_wall_stop(wall);
				break;
			}
			n++;
		}
		mbx_bench_wall_end(state, wall, 0);
	}
	mbx_bench_set_items_processed(state, (int64_t)n);
	mbx_bench_counter(state, "full", (double)full);
	if (status != MBX_OK)
		mbx_bench_skip_with_error(state, failure);
}

/*
 * The QSBR rows (enqueue_qsbr/, enqueue_inline_qsbr/): an online producer
 * reports a quiescent state every MBX_BENCH_QSBR_REPORT_EVERY ids, timed with
 * the row (docs/benchmarks.md); in the row's name, report_every:<N>.
 */
#define MBX_BENCH_QSBR_REPORT_EVERY 64

/*
 * Before the n-th id of a QSBR row: the report when one is due (between two
 * calls, as an event loop reports between batches). false: it failed.
 */
static inline bool mbx_bench_qsbr_report(uint64_t n)
{
	return n % MBX_BENCH_QSBR_REPORT_EVERY != MBX_BENCH_QSBR_REPORT_EVERY - 1 ||
	       mbx_thread_quiescent() == MBX_OK;
}

/* mbx_bench_enqueue_loop (awake) on an online QSBR producer: online, the loop, offline. */
static inline __attribute__((always_inline)) void
mbx_bench_qsbr_enqueue_loop(struct mbx_bench_state *state, struct mbx_bench_wall *wall,
                            struct mbx_abi_mailbox *region, mbx_bench_enqueue_fn enqueue,
                            void *context, const char *failure)
{
	if (mbx_thread_online() != MBX_OK) {
		mbx_bench_skip_with_error(state, "mbx_thread_online failed");
		return;
	}
	mbx_bench_enqueue_loop(state, wall, region, false, enqueue, context, failure);
	mbx_thread_offline();
}

#endif /* MBX_BENCH_HARNESS_H */
