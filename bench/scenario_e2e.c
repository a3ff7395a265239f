/* SPDX-License-Identifier: MIT */
/*
 * e2e/<variant>/<wake> and peer/<name>/e2e: one body. N producer benchmark
 * threads -> one consumer thread through the exactly-once runner (run.h):
 * the mailbox (stress.c's queue: the corrected guest for non-overwriting
 * variants, the reference guest otherwise, a bounded 10 ms wait) or a peer
 * row. One wall clock (harness.h): producers start together, enqueue until
 * the shared stop flag (the deadline, or E2E_MAX_IDS ids from one producer),
 * and the run ends when the consumer has taken every id it ever will.
 *
 * Items are delivered ids (taken once), so items_per_second is delivered
 * per second; counters accepted (ids enqueue accepted), delivered, lost
 * (accepted - delivered), duplicated, stale, lost_wakeups and
 * head_of_line_stalls (<mbx/guest.h> defines them), full (retries on
 * back-pressure), overwrites (1 for a variant that overwrites). A queue that
 * never overwrites fails the row when the counts disagree; a consumer that
 * stalls fails it too.
 *
 * paused/<variant>/<wake> (mbx-bench-paused only: the library instance with
 * fault points, ring/fault.h): the same body at 2 and 4 producers, for every
 * variant that never overwrites, under spin and waiter_handoff. Producer 0
 * sleeps PAUSE_NS at its variant's fault point -- between claim and publish
 * (sequenced: claimed, slot not stored; wfcq: linked, flag not raised) --
 * first at its first id, then every third of the run, while the others go
 * on. Counters pauses, pause_ns (the mean length), pause_delivered (ids the
 * consumer took during a pause, the mean): sequenced with the corrected guest
 * takes ~0 (the head-of-line stall at the hole, the "before" value of issue
 * 14). pauses 0 in every repetition: the variant has no fault point (a
 * repetition where producer 0 got no enqueue in before the deadline, on a
 * loaded machine in a QUICK run, shows 0 too).
 *
 * Handover: thread 0 builds the run and starts the consumer before its first
 * mbx_bench_keep_running; google-benchmark's start barrier orders that before
 * the other threads read the case, and every producer's mbx_run_await (the
 * consumer's R-FIN) orders the run's end before thread 0 tears it down.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <mbx/guest.h>
#include <mbx/mailbox.h>
#include <mbx/tally.h>

#include "harness.h"
#include "peer.h"
#include "run.h"
#include "scenarios.h"
#include "stress.h"

#define E2E_WAIT_NS 10000000u  /* the mailbox guest's bounded wait: 10 ms */
#define E2E_MAX_IDS (1u << 23) /* ids per producer and repetition: the tally's size (1 MiB) */
#define PAUSE_NS    10000000u  /* paused/: producer 0's pause at its fault point, 10 ms */

/* paused/: producer 0's pauses (read by it, thread 0, at the end). */
struct e2e_pause {
	struct mbx_mailbox_queue *mailbox; /* whose delivered count a pause reads */
	uint64_t next_ns;                  /* when to arm the next pause */
	uint64_t pauses, pause_ns, delivered;
};

struct e2e_case {
	const struct mbx_variant *variant; /* the mailbox's, or NULL for a peer */
	enum mbx_wake_kind wake;
	const struct mbx_peer_ops *peer;
	/* thread 0's, handed over by the start barrier: */
	struct mbx_mailbox_queue *mailbox;
	struct mbx_run_peer peer_queue;
	struct mbx_run *run;
	int producers; /* the consumer's bind context */
	struct mbx_bench_wall wall;
	struct e2e_pause *pause; /* paused/ only */
	char name[96];
};

/* Producer 0's pause, armed for its next enqueue (the fault hook takes it). */
static _Thread_local struct e2e_pause *pause_armed;

#ifdef MBX_FAULT_INJECTION
#include "fault.h"

static void pause_hook(enum mbx__fault_point point)
{
	struct e2e_pause *p = pause_armed;
	struct timespec pause = {.tv_sec = 0, .tv_nsec = PAUSE_NS};

	(void)point; /* whichever the variant has: the first after its claim */
	if (!p)
		return;
	pause_armed = NULL;
	uint64_t taken = mbx_mailbox_queue_delivered(p->mailbox), start = mbx_bench_now_ns();
	nanosleep(&pause, NULL);
	p->pause_ns += mbx_bench_now_ns() - start;
	p->delivered += mbx_mailbox_queue_delivered(p->mailbox) - taken;
	p->pauses++;
}
#endif

/*
 * Producer 0 of a paused/ row: arms a pause for its first id (so even a
 * short QUICK run pauses, while the others start enqueueing), then one every
 * third of the run after the last (the clock read every 8 ids).
 */
static void pause_arm(struct e2e_pause *p, uint64_t n)
{
	if (n % 8 != 0)
		return;
	if (n == 0 || mbx_bench_now_ns() >= p->next_ns) {
		pause_armed = p;
		p->next_ns =
		    mbx_bench_now_ns() + PAUSE_NS + (uint64_t)(mbx_bench_run_seconds() * 1e9) / 3;
	}
}

/* Thread 0: the queue and the run; NULL on failure. */
static struct mbx_run *e2e_start(struct e2e_case *c, int threads)
{
	struct mbx_run_config config = {.producers = (uint32_t)threads,
	                                .ids_per_producer = E2E_MAX_IDS,
	                                .bind = mbx_bench_bind_helper_run,
	                                .bind_context = &c->producers};

	c->producers = threads;
	c->mailbox = NULL;
	c->peer_queue = (struct mbx_run_peer){.ops = c->peer};
	if (c->variant) {
		struct mbx_stress_config mailbox = {
		    .variant = c->variant,
		    .wake = c->wake,
		    .guest = mbx_variant_overwrites(c->variant) ? MBX_GUEST_REFERENCE
		                                                : MBX_GUEST_CORRECTED,
		    .producers = (uint32_t)threads,
		    .wait_timeout_ns = E2E_WAIT_NS,
		};
		if (mbx_mailbox_queue_create(&c->mailbox, &mailbox) != MBX_OK)
			return NULL;
		config.queue = mbx_mailbox_queue_run(c->mailbox);
		if (c->pause)
			*c->pause = (struct e2e_pause){.mailbox = c->mailbox};
	} else {
		c->peer_queue.queue = c->peer->create((uint32_t)threads);
		if (!c->peer_queue.queue)
			return NULL;
		config.queue = mbx_run_queue_peer(&c->peer_queue);
	}
	c->run = mbx_run_start(&config);
	return c->run;
}

static void e2e_free(struct e2e_case *c)
{
	mbx_mailbox_queue_destroy(c->mailbox);
	c->mailbox = NULL;
	if (c->peer_queue.queue)
		c->peer->destroy(c->peer_queue.queue);
	c->peer_queue.queue = NULL;
	c->run = NULL;
}

static void bench_e2e(struct mbx_bench_state *state, void *arg)
{
	struct e2e_case *c = arg;
	int index = mbx_bench_thread_index(state), threads = mbx_bench_threads_count(state);
	uint32_t producer = (uint32_t)index;
	struct mbx_run *run = NULL;
	bool failed = false;
	uint64_t n = 0;

	mbx_bench_bind_self(state, true);
	if (index == 0) {
		mbx_bench_wall_reset(&c->wall, threads, true);
		if (!e2e_start(c, threads)) {
			e2e_free(c);
			mbx_bench_skip_with_error(state, "e2e setup failed");
		}
	}
	while (mbx_bench_keep_running(state)) {
		if (!(run = mbx_bench_handover(state, c->run, "e2e setup failed")))
			break;
		uint64_t done_ns = 0;
		mbx_bench_wall_start(&c->wall);
		while (mbx_bench_wall_running(&c->wall, n)) {
			if (c->pause && index == 0)
				pause_arm(c->pause, n);
			if (n == E2E_MAX_IDS) {
				mbx_bench_wall_stop(
				    &c->wall); /* the tally is full: stop everyone */
				break;
			}
			if (mbx_run_enqueue(run, producer,
			                    mbx_tally_id(producer, (uint32_t)n + 1)) != MBX_OK) {
				failed = true;
				mbx_bench_wall_stop(&c->wall);
				break;
			}
			n++;
		}
		pause_armed = NULL; /* a variant without a fault point never took it */
		mbx_run_producer_done(run, n);
		mbx_run_await(run, &done_ns); /* the end of the wall: the consumer took every id */
		mbx_bench_wall_end(state, &c->wall, done_ns);
	}
	if (index != 0 || !run) {
		mbx_bench_set_items_processed(state, 0);
		if (failed)
			mbx_bench_skip_with_error(state, "enqueue failed");
		return;
	}
	/* every producer awaited the consumer's finish (R-FIN): nobody touches the run */
	struct mbx_run_report report;
	struct mbx_stress_report guest = {0};
	mbx_run_finish(run, &report);
	bool mailbox = c->mailbox != NULL;
	if (mailbox)
		mbx_mailbox_queue_report(c->mailbox, &guest);
	e2e_free(c);
	bool overwrites = c->variant && mbx_variant_overwrites(c->variant);
	mbx_bench_set_items_processed(state, (int64_t)report.counts.delivered);
	mbx_bench_counter(state, "accepted", (double)report.accepted);
	mbx_bench_counter(state, "delivered", (double)report.counts.delivered);
	mbx_bench_counter(state, "lost", (double)report.counts.lost);
	mbx_bench_counter(state, "duplicated", (double)report.counts.duplicated);
	mbx_bench_counter(state, "stale", (double)report.counts.stale);
	mbx_bench_counter(state, "lost_wakeups", (double)guest.guest.lost_wakeups);
	mbx_bench_counter(state, "head_of_line_stalls", (double)guest.guest.head_of_line_stalls);
	mbx_bench_counter(state, "full", (double)report.full_retries);
	mbx_bench_counter(state, "overwrites", overwrites ? 1 : 0);
	if (mailbox) {
		/* how the guest took them: ids a drain pass, and waits entered */
		mbx_bench_counter(
		    state, "guest_ids_per_pass",
		    guest.guest.drains ? (double)guest.guest.taken / guest.guest.drains : 0);
		mbx_bench_counter(state, "guest_waits", (double)guest.guest.waits);
	}
	mbx_bench_wall_helper(state, &c->wall, report.consumer_cpu, report.bind_failed);
	if (c->pause) {
		uint64_t pauses = c->pause->pauses;

		mbx_bench_counter(state, "pauses", (double)pauses);
		mbx_bench_counter(state, "pause_ns",
		                  pauses ? (double)c->pause->pause_ns / pauses : 0);
		mbx_bench_counter(state, "pause_delivered",
		                  pauses ? (double)c->pause->delivered / pauses : 0);
	}
	if (failed || report.failure != MBX_OK)
		mbx_bench_skip_with_error(state, "enqueue failed");
	else if (report.stalled)
		mbx_bench_skip_with_error(state, "consumer stalled");
	else if (!overwrites &&
	         report.counts.duplicated + report.counts.stale + report.counts.lost != 0)
		mbx_bench_skip_with_error(state, "counts disagree");
}

static int e2e_register(struct e2e_case *c, int max_threads)
{
	if (max_threads > (int)MBX_TALLY_MAX_PRODUCERS)
		max_threads = (int)MBX_TALLY_MAX_PRODUCERS; /* the id encoding's limit */
	return mbx_bench_register_run(c->name, bench_e2e, c, max_threads) ? 0 : -1;
}

int mbx_scenario_e2e_register(int max_threads)
{
	size_t count = mbx_variant_count() * mbx_wake_count();
	struct e2e_case *cases = calloc(count, sizeof(*cases));

	if (!cases)
		return -1;
	for (size_t v = 0; v < mbx_variant_count(); v++) {
		for (size_t w = 0; w < mbx_wake_count(); w++) {
			struct e2e_case *c = &cases[v * mbx_wake_count() + w];

			c->variant = mbx_variant_at(v);
			c->wake = (enum mbx_wake_kind)w;
			snprintf(c->name, sizeof c->name, "e2e/%s/%s", mbx_variant_name(c->variant),
			         mbx_wake_name(c->wake));
			if (e2e_register(c, max_threads) != 0)
				return -1;
		}
	}
	return 0;
}

int mbx_scenario_e2e_register_peer(const struct mbx_peer_ops *peer, int max_threads)
{
	struct e2e_case *c = calloc(1, sizeof(*c));

	if (!c)
		return -1;
	c->peer = peer;
	snprintf(c->name, sizeof c->name, "peer/%s/e2e", peer->name);
	return e2e_register(c, max_threads);
}

int mbx_scenario_paused_register(void)
{
#ifdef MBX_FAULT_INJECTION
	static const enum mbx_wake_kind wakes[] = {MBX_WAKE_SPIN, MBX_WAKE_WAITER_HANDOFF};
	size_t nw = sizeof wakes / sizeof wakes[0], count = mbx_variant_count() * nw;
	struct e2e_case *cases = calloc(count, sizeof(*cases));
	struct e2e_pause *pauses = calloc(count, sizeof(*pauses));

	if (!cases || !pauses)
		return -1;
	/* Relaxed: installed before any row starts a thread (thread create orders it). */
	atomic_store_explicit(&mbx__fault_hook, pause_hook, memory_order_relaxed);
	for (size_t v = 0; v < mbx_variant_count(); v++) {
		if (mbx_variant_overwrites(mbx_variant_at(v)))
			continue; /* its producers never wait for one another: nothing to stall */
		for (size_t w = 0; w < nw; w++) {
			struct e2e_case *c = &cases[v * nw + w];
			struct mbx_bench *b;

			c->variant = mbx_variant_at(v);
			c->wake = wakes[w];
			c->pause = &pauses[v * nw + w];
			snprintf(c->name, sizeof c->name, "paused/%s/%s",
			         mbx_variant_name(c->variant), mbx_wake_name(c->wake));
			/* mbx_bench_register_run's wall, at 2 and 4 producers (1 would pause the
			 * only one) */
			if (!(b = mbx_bench_register(c->name, bench_e2e, c)))
				return -1;
			mbx_bench_thread_range(b, 2, 4);
			mbx_bench_iterations(b, 1);
			mbx_bench_use_manual_time(b);
		}
	}
	return 0;
#else
	return -1;
#endif
}
