/* SPDX-License-Identifier: MIT */
/*
 * peer/<name>/enqueue and peer/<name>/e2e for every row of the peer table
 * (bench/peer.h), with the same thread range, wall clock (harness.h) and
 * placement as the mailbox's scenarios. e2e is scenario_e2e.c's body over
 * the peer (mbx_scenario_e2e_register_peer).
 *
 * enqueue: producers only. When the peer is full, the producer plays the
 * consumer: it drains the peer (one drainer at a time: a trylock; a
 * producer that finds it taken yields and retries), inside the timed run,
 * so that cost is part of the row and the counter `full` says how often.
 * Every item counted was accepted. The mailbox's enqueue rows do the same.
 *
 * No row is bounded by a fixed iteration count: a peer whose producers wait
 * for their predecessors (ck_ring, rte_ring MP) crawls when producers
 * outnumber cores, and the shared stop flag ends its run at the deadline
 * like any other (each producer finishes the one enqueue it is in).
 *
 * Handover (as in scenario_e2e.c): thread 0 creates the queue before its
 * first mbx_bench_keep_running; google-benchmark's start barrier orders
 * that before the other threads read the case, and the wall's end barrier
 * (A-LEFT) orders their last enqueue before thread 0 tears down.
 */
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "peer.h"
#include "scenarios.h"

struct peer_case {
	const struct mbx_peer_ops *ops;
	void *queue;             /* plain, ordered by the barriers */
	pthread_mutex_t discard; /* drain allows one consumer at a time */
	struct mbx_bench_wall wall;
	char name[64];
};

/* Drains what the peer holds, timed; false when another producer is draining. */
static bool discard(struct peer_case *c, void *queue, int threads)
{
	uint32_t ids[MBX_PEER_CAPACITY];

	if (pthread_mutex_trylock(&c->discard) != 0)
		return false;
	/* every producer's ids at most (wfcqueue holds up to 256 per producer) */
	for (int batch = 0; batch <= threads; batch++)
		if (c->ops->drain(queue, ids, MBX_PEER_CAPACITY) < MBX_PEER_CAPACITY)
			break;
	pthread_mutex_unlock(&c->discard);
	return true;
}

static void bench_peer_enqueue(struct mbx_bench_state *state, void *arg)
{
	struct peer_case *c = arg;
	int index = mbx_bench_thread_index(state), threads = mbx_bench_threads_count(state);
	uint32_t producer = (uint32_t)index;
	uint64_t n = 0, full = 0;
	void *queue = NULL;

	mbx_bench_bind_self(state, false);
	if (index == 0) {
		mbx_bench_wall_reset(&c->wall, threads, false);
		c->queue = c->ops->create((uint32_t)threads);
		if (!c->queue)
			mbx_bench_skip_with_error(state, "peer create failed");
	}
	while (mbx_bench_keep_running(state)) {
		if (!(queue = mbx_bench_handover(state, c->queue, "peer create failed")))
			break;
		mbx_bench_wall_start(&c->wall);
		while (mbx_bench_wall_running(&c->wall, n)) {
			/* unique ids are e2e's business */
			while (!c->ops->enqueue(queue, producer, mbx_bench_id(producer, n))) {
				full++;
				if (!discard(c, queue, threads))
					sched_yield();
			}
			n++;
		}
		mbx_bench_wall_end(state, &c->wall, 0);
	}
	mbx_bench_set_items_processed(state, (int64_t)n);
	mbx_bench_counter(state, "full", (double)full);
	if (index == 0 && queue) {
		/* past the end barrier: nobody enqueues any more */
		c->ops->destroy(c->queue);
		c->queue = NULL;
	}
}

static void append(char *buf, size_t size, const char *separator, const char *text)
{
	size_t len = strlen(buf);

	snprintf(buf + len, size - len, "%s%s", len ? separator : "", text);
}

int mbx_scenario_peers_register(int max_threads)
{
	size_t count = mbx_peer_count();
	char names[256] = "", modes[4096] = "";
	struct peer_case *cases = calloc(count ? count : 1, sizeof(*cases));

	if (!cases)
		return -1;
	for (size_t i = 0; i < count; i++) {
		struct peer_case *c = &cases[i];

		c->ops = mbx_peer_at(i);
		if (pthread_mutex_init(&c->discard, NULL) != 0)
			return -1;
		snprintf(c->name, sizeof c->name, "peer/%s/enqueue", c->ops->name);
		if (!mbx_bench_register_run(c->name, bench_peer_enqueue, c, max_threads) ||
		    mbx_scenario_e2e_register_peer(c->ops, max_threads) != 0)
			return -1;
		append(names, sizeof names, ",", c->ops->name);
		char mode[400];
		snprintf(mode, sizeof mode, "%s: %s%s%s", c->ops->name, c->ops->mode,
		         c->ops->waits_for_predecessor ? "; a producer " : "",
		         c->ops->waits_for_predecessor ? c->ops->waits_for_predecessor : "");
		append(modes, sizeof modes, "; ", mode);
	}
	mbx_bench_add_context("mbx_peers", names);
	mbx_bench_add_context("mbx_peer_modes", modes);
	return 0;
}
