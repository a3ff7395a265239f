/* SPDX-License-Identifier: MIT */
/*
 * grow/<base>/<wake> (wake: spin and waiter_handoff, grow_wakes): producers enqueue (the reference "seed" enqueue, no
 * guest draining: producers only, as in enqueue/) while a grower thread
 * moves the guest's linear memory every GROW_PERIOD_NS (100 moves a
 * second), through the mailbox's base policy. Each move grows the memory by
 * one page (mbx_mailbox_grow_memory: hold, copy, publish, release); every
 * GROW_CYCLE_PAGES-th move instead starts over on a fresh one-page memory
 * (hold_base, copy the mailbox's page, refresh_base), so a copy never
 * exceeds 1 MiB and the rate stays fixed however long the run. Memory is
 * MBX_GROWTH_MOVING_DISCARD and retired memories stay mapped until the end:
 * the atomic base's stale writes land in dead pages instead of corrupting
 * the heap.
 *
 * Counters: growths (moves during the run), stale_words (words producers
 * wrote into released blocks after their release: the atomic base's hazard,
 * a lower bound; 0 under an RCU base).
 *
 * One wall clock (harness.h); the grower is the row's helper, on a core no
 * producer uses, its CPUs recorded like theirs.
 *
 * Handover, as in e2e: thread 0 builds the run and starts the grower before
 * its first mbx_bench_keep_running; google-benchmark's start barrier orders
 * that before the other threads read case->run, and the wall's end barrier
 * orders every producer's last enqueue before thread 0 stops the grower.
 */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <mbx/mailbox.h>
#include <mbx/memory.h>

#include "harness.h"
#include "scenarios.h"

#define GROW_PERIOD_NS    10000000u /* 100 moves a second */
#define GROW_CYCLE_PAGES  16u       /* then start over from one page */
#define GROW_MAX_MEMORIES 1024u     /* > 10 s of moves; then the grower stops */

struct grow_run {
	struct mbx_memory *memories[GROW_MAX_MEMORIES]; /* [count - 1] is current */
	size_t count;
	struct mbx_mailbox *mailbox;
	pthread_t thread;
	int threads;
	uint64_t growths; /* written by the grower, read after the join */
	int cpu[2];       /* likewise: the grower's CPU at start and end */
	bool bind_failed; /* likewise */
	_Atomic bool stop;
};

/* Moves the mailbox onto a fresh one-page memory; the old one stays mapped. */
static enum mbx_status start_over(struct grow_run *run)
{
	struct mbx_memory *old = run->memories[run->count - 1], *fresh;
	enum mbx_status status;

	if (run->count == GROW_MAX_MEMORIES)
		return MBX_E_GROW_LIMIT;
	status = mbx_memory_create(&fresh, 1, GROW_CYCLE_PAGES, MBX_GROWTH_MOVING_DISCARD);
	if (status != MBX_OK)
		return status;
	mbx_mailbox_hold_base(run->mailbox);
	memcpy(mbx_memory_base(fresh), mbx_memory_base(old), MBX_PAGE_SIZE);
	status =
	    mbx_mailbox_refresh_base(run->mailbox, mbx_memory_base(fresh), mbx_memory_size(fresh));
	run->memories[run->count++] = fresh;
	return status;
}

static enum mbx_status move_once(struct grow_run *run)
{
	struct mbx_memory *memory = run->memories[run->count - 1];

	if (mbx_memory_pages(memory) < GROW_CYCLE_PAGES)
		return mbx_mailbox_grow_memory(run->mailbox, memory, 1, NULL);
	return start_over(run);
}

struct grow_case {
	const struct mbx_base *base;
	enum mbx_wake_kind wake;
	struct grow_run *run; /* plain: ordered by the benchmark's start/stop barriers */
	struct mbx_bench_wall wall;
	char name[96];
};

static struct grow_case *grow_cases;

static void *grower_main(void *argument)
{
	struct grow_run *run = argument;
	uint64_t next = mbx_bench_now_ns() + GROW_PERIOD_NS;

	run->bind_failed = mbx_bench_bind_helper(run->threads) != 0;
	run->cpu[0] = sched_getcpu();
	/* relaxed: a stop request; the join publishes growths */
	while (!atomic_load_explicit(&run->stop, memory_order_relaxed)) {
		if (mbx_bench_now_ns() < next) {
			nanosleep(&(struct timespec){.tv_nsec = 100000}, NULL);
			continue;
		}
		next += GROW_PERIOD_NS;
		if (move_once(run) == MBX_OK)
			run->growths++;
	}
	run->cpu[1] = sched_getcpu();
	return NULL;
}

static void grow_run_free(struct grow_run *run)
{
	if (!run)
		return;
	if (run->mailbox)
		mbx_mailbox_detach(run->mailbox);
	for (size_t i = 0; i < run->count; i++)
		mbx_memory_destroy(run->memories[i]);
	free(run);
}

static struct grow_run *grow_run_start(const struct grow_case *c, int threads)
{
	struct grow_run *run = calloc(1, sizeof(*run));
	struct mbx_options o = {.wake = c->wake, .base = c->base};

	if (!run || mbx_variant_find("seed", &o.variant) != MBX_OK) {
		free(run);
		return NULL;
	}
	run->threads = threads;
	atomic_init(&run->stop, false);
	if (mbx_memory_create(&run->memories[0], 1, GROW_CYCLE_PAGES, MBX_GROWTH_MOVING_DISCARD) !=
	        MBX_OK ||
	    (run->count = 1,
	     mbx_mailbox_attach(&run->mailbox, mbx_memory_base(run->memories[0]),
	                        mbx_memory_size(run->memories[0]), 0, &o) != MBX_OK) ||
	    pthread_create(&run->thread, NULL, grower_main, run) != 0) {
		grow_run_free(run);
		return NULL;
	}
	return run;
}

static void bench_grow(struct mbx_bench_state *state, void *arg)
{
	struct grow_case *c = arg;
	int index = mbx_bench_thread_index(state), threads = mbx_bench_threads_count(state);
	struct grow_run *run = NULL;
	bool failed = false;
	uint64_t n = 0;

	mbx_bench_bind_self(state, true);
	if (index == 0) {
		mbx_bench_wall_reset(&c->wall, threads, true);
		c->run = grow_run_start(c, threads);
		if (!c->run)
			mbx_bench_skip_with_error(state, "grow setup failed");
	}
	while (mbx_bench_keep_running(state)) {
		if (!(run = mbx_bench_handover(state, c->run, "grow setup failed")))
			break;
		mbx_bench_wall_start(&c->wall);
		while (mbx_bench_wall_running(&c->wall, n)) {
			if (mbx_enqueue(run->mailbox, mbx_bench_id((uint32_t)index, n)) != MBX_OK) {
				failed = true;
				mbx_bench_wall_stop(&c->wall);
				break;
			}
			n++;
		}
		mbx_bench_wall_end(state, &c->wall, 0);
	}
	mbx_bench_set_items_processed(state, (int64_t)n);
	if (failed)
		mbx_bench_skip_with_error(state, "mbx_enqueue failed");
	if (index != 0 || !run)
		return;
	/* past the wall's end barrier: every producer's enqueues are done */
	/* relaxed: a stop request; pthread_join orders the grower's writes before our reads */
	atomic_store_explicit(&run->stop, true, memory_order_relaxed);
	pthread_join(run->thread, NULL);
	uint64_t stale = 0;
	for (size_t i = 0; i < run->count; i++)
		stale += mbx_memory_stale_words(run->memories[i], 0, MBX_MAILBOX_BYTES);
	mbx_bench_counter(state, "growths", (double)run->growths);
	mbx_bench_counter(state, "stale_words", (double)stale);
	mbx_bench_wall_helper(state, &c->wall, run->cpu, run->bind_failed);
	grow_run_free(run);
	c->run = NULL;
}

/*
 * The wake policies grow runs under: the base's cost is orthogonal to the
 * wake, so two stand for all (the headline's liburcu table reads them):
 * spin, the cheapest host half, where the base's share shows most, and
 * waiter_handoff, a sleeping-capable one. Four more would add a minute to
 * a full run (issue 14: make bench in 15 minutes) and no answer.
 */
static const enum mbx_wake_kind grow_wakes[] = {MBX_WAKE_SPIN, MBX_WAKE_WAITER_HANDOFF};
#define GROW_WAKES (sizeof grow_wakes / sizeof grow_wakes[0])

int mbx_scenario_grow_register(int max_threads)
{
	size_t count = mbx_base_count() * GROW_WAKES;

	grow_cases = calloc(count, sizeof(*grow_cases));
	if (!grow_cases)
		return -1;
	for (size_t b = 0; b < mbx_base_count(); b++) {
		for (size_t w = 0; w < GROW_WAKES; w++) {
			struct grow_case *c = &grow_cases[b * GROW_WAKES + w];
			struct mbx_bench *bench;

			c->base = mbx_base_at(b);
			c->wake = grow_wakes[w];
			snprintf(c->name, sizeof c->name, "grow/%s/%s", mbx_base_name(c->base),
			         mbx_wake_name(c->wake));
			bench = mbx_bench_register_run(c->name, bench_grow, c, max_threads);
			if (!bench)
				return -1;
		}
	}
	return 0;
}
