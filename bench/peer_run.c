/* SPDX-License-Identifier: MIT */
/*
 * The one e2e body every peer shares (bench/peer.h): a consumer thread drains
 * the peer into an mbx_tally while producers enqueue through
 * mbx_peer_run_enqueue. The benchmark (peer_bench.c) and the test
 * (tests/bench/peer_e2e_test.c) both drive it.
 *
 * Edges:
 *   R-STOP  finish: stop = true, after every producer's last enqueue (the
 *           benchmark's stop barrier or the test's joins order those before it)
 *   A-STOP  consumer: loads stop before a drain; pairs with R-STOP, so a drain
 *           that follows a true stop sees every id, and taking nothing means
 *           the queue is empty for good
 * The peers' own edges (id published -> id taken) are in their files.
 */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <time.h>

#include "peer.h"

struct mbx_peer_run {
	const struct mbx_peer_ops *ops;
	void *queue;
	uint32_t producers;
	uint64_t total; /* producers * ids_per_producer */
	int (*bind)(int producers);
	struct mbx_tally tally; /* the consumer's until pthread_join */
	pthread_t consumer;
	_Atomic bool stop;
	_Atomic bool stalled;
	_Alignas(64) _Atomic uint64_t taken; /* ids the consumer took: its progress */
};

static uint64_t now_ns(void)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (uint64_t)now.tv_sec * 1000000000u + (uint64_t)now.tv_nsec;
}

static void *consumer_main(void *argument)
{
	struct mbx_peer_run *run = argument;
	uint32_t ids[MBX_PEER_CAPACITY];
	uint64_t taken = 0;

	if (run->bind)
		run->bind((int)run->producers);
	for (;;) {
		/* A-STOP: pairs with R-STOP in mbx_peer_run_finish */
		bool stopping = atomic_load_explicit(&run->stop, memory_order_acquire);
		uint32_t n = run->ops->drain(run->queue, ids, MBX_PEER_CAPACITY);

		/* overflowed = true: no peer overwrites, so an id seen twice is a duplicate */
		for (uint32_t i = 0; i < n; i++)
			mbx_tally_record(&run->tally, ids[i], true);
		if (n != 0) {
			taken += n;
			/* relaxed: a progress count only; the tally is read after pthread_join */
			atomic_store_explicit(&run->taken, taken, memory_order_relaxed);
			continue;
		}
		if (stopping)
			return NULL;
		if (run->ops->wait)
			run->ops->wait(run->queue);
		else
			sched_yield(); /* no wake-up of its own: poll, kindly */
	}
}

static void run_free(struct mbx_peer_run *run)
{
	if (run->queue)
		run->ops->destroy(run->queue);
	mbx_tally_destroy(&run->tally);
	free(run);
}

struct mbx_peer_run *mbx_peer_run_start(const struct mbx_peer_ops *ops, uint32_t producers,
                                        uint32_t ids_per_producer, int (*bind)(int producers))
{
	struct mbx_peer_run *run;

	if (producers == 0 || producers > MBX_TALLY_MAX_PRODUCERS || ids_per_producer == 0 ||
	    ids_per_producer > MBX_TALLY_MAX_SEQUENCE)
		return NULL;
	run = calloc(1, sizeof(*run));
	if (!run)
		return NULL;
	run->ops = ops;
	run->producers = producers;
	run->total = (uint64_t)producers * ids_per_producer;
	run->bind = bind;
	atomic_init(&run->stop, false);
	atomic_init(&run->stalled, false);
	atomic_init(&run->taken, 0);
	if (mbx_tally_init(&run->tally, producers, ids_per_producer) != MBX_OK) {
		free(run);
		return NULL;
	}
	run->queue = ops->create(producers);
	if (!run->queue || pthread_create(&run->consumer, NULL, consumer_main, run) != 0) {
		run_free(run);
		return NULL;
	}
	return run;
}

uint64_t mbx_peer_run_enqueue(struct mbx_peer_run *run, uint32_t producer, uint32_t id)
{
	uint64_t full = 0;

	while (!run->ops->enqueue(run->queue, producer, id)) {
		full++;
		sched_yield(); /* back-pressure: let the consumer run (like e2e/<variant>) */
	}
	return full;
}

bool mbx_peer_run_await(struct mbx_peer_run *run)
{
	/* relaxed: progress only; exactly-once is judged from the tally after the join */
	uint64_t seen = atomic_load_explicit(&run->taken, memory_order_relaxed);
	uint64_t since = now_ns();

	while (seen < run->total) {
		sched_yield();
		/* relaxed: as above */
		uint64_t taken = atomic_load_explicit(&run->taken, memory_order_relaxed);
		uint64_t now = now_ns();
		if (taken != seen) {
			seen = taken;
			since = now;
		} else if (now - since > MBX_PEER_STALL_NS) {
			/* relaxed: read by finish, after the barrier or join that ends the producers */
			atomic_store_explicit(&run->stalled, true, memory_order_relaxed);
			return false;
		}
	}
	return true;
}

void mbx_peer_run_finish(struct mbx_peer_run *run, struct mbx_peer_report *report)
{
	/* R-STOP: every producer is done; pairs with A-STOP in consumer_main */
	atomic_store_explicit(&run->stop, true, memory_order_release);
	if (run->ops->kick)
		run->ops->kick(run->queue);
	pthread_join(run->consumer, NULL);
	report->counts = mbx_tally_finish(&run->tally, run->total);
	/* relaxed: written by producers that finished before this call (see above) */
	report->stalled = atomic_load_explicit(&run->stalled, memory_order_relaxed);
	run_free(run);
}
