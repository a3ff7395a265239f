/* SPDX-License-Identifier: MIT */
/*
 * peer/<name>/enqueue and peer/<name>/e2e for every row of the peer table
 * (bench/peer.h), with the same thread range, real time, items/s and hwloc
 * binding as the mailbox's scenarios.
 *
 * enqueue: producers only. When the peer is full, the producer plays a
 *   discarding consumer outside the timed region (pause, drain, resume, like
 *   bench_main.c's discard_ring) and counts `full`; then it enqueues again,
 *   so every item counted was accepted.
 * e2e: N producers -> one consumer thread (mbx_peer_run, peer_run.c), ids
 *   mbx_tally_id(producer, sequence); each producer's last iteration waits
 *   until the consumer has taken every id, so the time is end to end. A run
 *   whose counts disagree, or whose consumer stalls, fails instead of
 *   reporting a number.
 *
 * Oversubscribed: a peer whose producers wait for their predecessors
 * (ck_ring, rte_ring in MP mode) runs with more producers than online CPUs
 * only for OVERSUBSCRIBED_ITERATIONS ids per producer: a producer that spins
 * while the predecessor it waits for is preempted on the same core holds
 * every later producer up until the scheduler intervenes (seen here: about
 * 500 ids/s, 4 producers on 2 cores, ck_ring e2e), and a min_time-driven run
 * would not end. Those rows say so with "iterations:N" in their name.
 *
 * Handover (as in scenario_e2e.c): thread 0 creates the queue or run before
 * its first mbx_bench_keep_running; google-benchmark's start barrier orders
 * that before the other threads read the case, and its stop barrier orders
 * their last enqueue before thread 0 tears down.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "peer.h"
#include "scenarios.h"

struct peer_case {
	const struct mbx_peer_ops *ops;
	void *queue;              /* enqueue: plain, ordered by the barriers */
	struct mbx_peer_run *run; /* e2e: likewise */
	pthread_mutex_t discard;  /* drain allows one consumer at a time */
	char enqueue_name[64];
	char e2e_name[64];
};

static struct peer_case *peer_cases;

static void discard(struct mbx_bench_state *state, struct peer_case *c, void *queue, int threads)
{
	uint32_t ids[MBX_PEER_CAPACITY];

	mbx_bench_pause_timing(state);
	pthread_mutex_lock(&c->discard);
	/* every producer's ids at most (wfcqueue holds up to 256 per producer) */
	for (int batch = 0; batch <= threads; batch++)
		if (c->ops->drain(queue, ids, MBX_PEER_CAPACITY) < MBX_PEER_CAPACITY)
			break;
	pthread_mutex_unlock(&c->discard);
	mbx_bench_resume_timing(state);
}

static void bench_peer_enqueue(struct mbx_bench_state *state, void *arg)
{
	struct peer_case *c = arg;
	int index = mbx_bench_thread_index(state), threads = mbx_bench_threads_count(state);
	uint32_t producer = (uint32_t)index, seq = 0;
	int64_t n = 0, full = 0;
	void *queue = NULL;

	mbx_bench_bind_self(state);
	if (index == 0) {
		c->queue = c->ops->create((uint32_t)threads);
		if (!c->queue)
			mbx_bench_skip_with_error(state, "peer create failed");
	}
	while (mbx_bench_keep_running(state)) {
		if (!queue && !(queue = mbx_bench_handover(state, c->queue, "peer create failed")))
			break;
		/* (producer, sequence), never 0; unique ids are e2e's business */
		uint32_t id = mbx_tally_id(producer % MBX_TALLY_MAX_PRODUCERS,
		                           (++seq & MBX_TALLY_MAX_SEQUENCE) | 1u);
		while (!c->ops->enqueue(queue, producer, id)) {
			full++;
			discard(state, c, queue, threads);
		}
		n++;
	}
	mbx_bench_set_items_processed(state, n);
	mbx_bench_counter(state, "full", (double)full);
	if (index == 0 && c->queue) {
		/* past the stop barrier: nobody enqueues any more */
		c->ops->destroy(c->queue);
		c->queue = NULL;
	}
}

static void bench_peer_e2e(struct mbx_bench_state *state, void *arg)
{
	struct peer_case *c = arg;
	int index = mbx_bench_thread_index(state), threads = mbx_bench_threads_count(state);
	int64_t ids = mbx_bench_max_iterations(state), n = 0, full = 0;
	uint32_t producer = (uint32_t)index, seq = 0;
	struct mbx_peer_run *run = NULL;

	mbx_bench_bind_self(state);
	if (index == 0) {
		c->run = ids <= (int64_t)MBX_TALLY_MAX_SEQUENCE
		             ? mbx_peer_run_start(c->ops, (uint32_t)threads, (uint32_t)ids,
		                                  mbx_bench_bind_guest)
		             : NULL;
		if (!c->run)
			mbx_bench_skip_with_error(state, "peer e2e setup failed (or too many ids)");
	}
	while (mbx_bench_keep_running(state)) {
		if (!run && !(run = mbx_bench_handover(state, c->run, "peer e2e setup failed")))
			break;
		full += (int64_t)mbx_peer_run_enqueue(run, producer, mbx_tally_id(producer, ++seq));
		n++;
		if (seq == (uint32_t)ids)
			mbx_peer_run_await(run); /* timed: the consumer's work is the e2e cost */
	}
	mbx_bench_set_items_processed(state, n);
	mbx_bench_counter(state, "full", (double)full);
	if (index != 0 || !c->run)
		return;
	/* past the stop barrier: every producer's enqueues are done */
	struct mbx_peer_report report;
	mbx_peer_run_finish(c->run, &report);
	c->run = NULL;
	mbx_bench_counter(state, "delivered", (double)report.counts.delivered);
	mbx_bench_counter(state, "duplicated", (double)report.counts.duplicated);
	mbx_bench_counter(state, "stale", (double)report.counts.stale);
	mbx_bench_counter(state, "lost", (double)report.counts.lost);
	if (report.stalled)
		mbx_bench_skip_with_error(state, "consumer stalled");
	else if (report.counts.duplicated + report.counts.stale + report.counts.lost != 0)
		mbx_bench_skip_with_error(state, "counts disagree");
}

static void append(char *buf, size_t size, const char *separator, const char *text)
{
	size_t len = strlen(buf);

	snprintf(buf + len, size - len, "%s%s", len ? separator : "", text);
}

#define OVERSUBSCRIBED_ITERATIONS 100

/* One scenario of one peer: threads 1..max; bounded past the CPUs when it must be. */
static int register_scenario(struct peer_case *c, const char *name, mbx_bench_fn fn,
                             int max_threads)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	int free_running = max_threads;
	struct mbx_bench *b;

	if (c->ops->waits_for_predecessor && cpus > 0 && cpus < max_threads)
		free_running = (int)cpus;
	b = mbx_bench_register(name, fn, c);
	if (!b)
		return -1;
	mbx_bench_thread_range(b, 1, free_running);
	mbx_bench_use_real_time(b);
	if (free_running == max_threads)
		return 0;
	b = mbx_bench_register(name, fn, c);
	if (!b)
		return -1;
	for (int threads = 2 * free_running; threads <= max_threads; threads *= 2)
		mbx_bench_threads(b, threads);
	mbx_bench_iterations(b, OVERSUBSCRIBED_ITERATIONS);
	mbx_bench_use_real_time(b);
	return 0;
}

int mbx_scenario_peers_register(int max_threads)
{
	size_t count = mbx_peer_count();
	int e2e_threads = max_threads;
	char names[256] = "", modes[2048] = "";

	if (e2e_threads > (int)MBX_TALLY_MAX_PRODUCERS)
		e2e_threads = (int)MBX_TALLY_MAX_PRODUCERS; /* the id encoding's limit */
	peer_cases = calloc(count, sizeof(*peer_cases));
	if (!peer_cases && count)
		return -1;
	for (size_t i = 0; i < count; i++) {
		struct peer_case *c = &peer_cases[i];

		c->ops = mbx_peer_at(i);
		if (pthread_mutex_init(&c->discard, NULL) != 0)
			return -1;
		snprintf(c->enqueue_name, sizeof c->enqueue_name, "peer/%s/enqueue", c->ops->name);
		snprintf(c->e2e_name, sizeof c->e2e_name, "peer/%s/e2e", c->ops->name);
		if (register_scenario(c, c->enqueue_name, bench_peer_enqueue, max_threads) != 0 ||
		    register_scenario(c, c->e2e_name, bench_peer_e2e, e2e_threads) != 0)
			return -1;
		append(names, sizeof names, ",", c->ops->name);
		char mode[320];
		snprintf(mode, sizeof mode, "%s: %s%s%s", c->ops->name, c->ops->mode,
		         c->ops->waits_for_predecessor ? "; a producer " : "",
		         c->ops->waits_for_predecessor ? c->ops->waits_for_predecessor : "");
		append(modes, sizeof modes, "; ", mode);
	}
	mbx_bench_add_context("mbx_peers", names);
	mbx_bench_add_context("mbx_peer_modes", modes);
	return 0;
}
