/* SPDX-License-Identifier: MIT */
/*
 * The one exactly-once runner (bench/run.h).
 *
 * Edges:
 *   R-DONE  mbx_run_producer_done: producers_done += 1 (release), after the
 *           producer's last enqueue
 *   A-DONE  consumer: loads producers_done (acquire) before a pass; pairs
 *           with R-DONE, so a pass that follows "all done" sees every
 *           enqueue, and taking nothing then means nothing is left
 *   R-FIN   consumer: finished = true (release), after its last pass and
 *           its finish time
 *   A-FIN   mbx_run_await: loads finished (acquire); pairs with R-FIN, so
 *           done_ns is read after it was written
 * The tally is the consumer's alone until pthread_join. The queues' own
 * edges (id published -> id taken) are in their files.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "peer.h"
#include "run.h"

struct mbx_run {
	struct mbx_run_config config;
	struct mbx_tally tally; /* the consumer's until pthread_join */
	pthread_t consumer;
	uint64_t done_ns;    /* the consumer's; published by R-FIN */
	int consumer_cpu[2]; /* the consumer's; read after pthread_join */
	bool bind_failed;    /* likewise */
	_Atomic uint32_t producers_done;
	_Atomic uint64_t accepted;
	_Atomic uint64_t full_retries;
	_Atomic enum mbx_status failure;
	_Atomic bool stalled;
	_Atomic bool abandon; /* a stalled run: the consumer leaves at its next empty pass */
	_Atomic bool finished;
	_Alignas(64) _Atomic uint64_t taken; /* the consumer's progress */
};

static void *consumer_main(void *argument)
{
	struct mbx_run *run = argument;
	const struct mbx_run_queue *q = &run->config.queue;
	uint64_t taken = 0;

	if (run->config.bind && run->config.bind(run->config.bind_context) != 0)
		run->bind_failed = true;
	run->consumer_cpu[0] = sched_getcpu();
	for (;;) {
		/* A-DONE: pairs with R-DONE in mbx_run_producer_done */
		bool producing = atomic_load_explicit(&run->producers_done, memory_order_acquire) <
		                 run->config.producers;
		uint32_t n = q->consume(q->queue, &run->tally, producing);

		if (n != 0) {
			taken += n;
			/* relaxed: a progress count for the stall check only */
			atomic_store_explicit(&run->taken, taken, memory_order_relaxed);
			continue;
		}
		/* relaxed: a request to leave; the join orders what follows */
		if (!producing || atomic_load_explicit(&run->abandon, memory_order_relaxed))
			break;
		if (q->wait)
			q->wait(q->queue);
		else
			sched_yield(); /* no wake-up of its own: poll, kindly */
	}
	if (q->settle)
		q->settle(q->queue);
	run->consumer_cpu[1] = sched_getcpu();
	run->done_ns = mbx_bench_now_ns();
	/* R-FIN: pairs with A-FIN in mbx_run_await */
	atomic_store_explicit(&run->finished, true, memory_order_release);
	return NULL;
}

static void run_free(struct mbx_run *run)
{
	mbx_tally_destroy(&run->tally);
	free(run);
}

struct mbx_run *mbx_run_start(const struct mbx_run_config *config)
{
	struct mbx_run *run;

	if (!config || !config->queue.enqueue || !config->queue.consume || config->producers == 0 ||
	    config->producers > MBX_TALLY_MAX_PRODUCERS || config->ids_per_producer == 0 ||
	    config->ids_per_producer > MBX_TALLY_MAX_SEQUENCE)
		return NULL;
	run = calloc(1, sizeof(*run));
	if (!run)
		return NULL;
	run->config = *config;
	run->consumer_cpu[0] = run->consumer_cpu[1] = -1;
	atomic_init(&run->producers_done, 0);
	atomic_init(&run->accepted, 0);
	atomic_init(&run->full_retries, 0);
	atomic_init(&run->failure, MBX_OK);
	atomic_init(&run->stalled, false);
	atomic_init(&run->abandon, false);
	atomic_init(&run->finished, false);
	atomic_init(&run->taken, 0);
	if (mbx_tally_init(&run->tally, config->producers, config->ids_per_producer) != MBX_OK) {
		free(run);
		return NULL;
	}
	if (pthread_create(&run->consumer, NULL, consumer_main, run) != 0) {
		run_free(run);
		return NULL;
	}
	return run;
}

enum mbx_status mbx_run_enqueue(struct mbx_run *run, uint32_t producer, uint32_t id)
{
	const struct mbx_run_queue *q = &run->config.queue;
	enum mbx_status status;
	uint64_t full = 0;

	while ((status = q->enqueue(q->queue, producer, id)) == MBX_E_FULL) {
		full++;
		sched_yield(); /* back-pressure: let the consumer run */
	}
	if (full)
		/* relaxed: a count, read after the consumer's join */
		atomic_fetch_add_explicit(&run->full_retries, full, memory_order_relaxed);
	if (status != MBX_OK)
		/* relaxed: read after the producers finished (R-DONE orders it) */
		atomic_store_explicit(&run->failure, status, memory_order_relaxed);
	return status;
}

void mbx_run_producer_done(struct mbx_run *run, uint64_t accepted)
{
	/* relaxed: R-DONE below publishes it */
	atomic_fetch_add_explicit(&run->accepted, accepted, memory_order_relaxed);
	/* R-DONE: every enqueue of this producer precedes it; pairs with A-DONE */
	if (atomic_fetch_add_explicit(&run->producers_done, 1, memory_order_release) + 1 ==
	        run->config.producers &&
	    run->config.queue.kick)
		/* the last one: a consumer blocked in wait must come back to see it */
		run->config.queue.kick(run->config.queue.queue);
}

bool mbx_run_await(struct mbx_run *run, uint64_t *done_ns)
{
	/* relaxed: progress only; exactly-once is judged from the tally after the join */
	uint64_t seen = atomic_load_explicit(&run->taken, memory_order_relaxed);
	uint64_t since = mbx_bench_now_ns();

	/* A-FIN: pairs with R-FIN in consumer_main */
	while (!atomic_load_explicit(&run->finished, memory_order_acquire)) {
		sched_yield();
		/* relaxed: as above */
		uint64_t taken = atomic_load_explicit(&run->taken, memory_order_relaxed);
		uint64_t now = mbx_bench_now_ns();

		if (taken != seen) {
			seen = taken;
			since = now;
		} else if (now - since > MBX_RUN_STALL_NS) {
			/* relaxed: read by finish, after every producer returned */
			atomic_store_explicit(&run->stalled, true, memory_order_relaxed);
			/* relaxed: see consumer_main */
			atomic_store_explicit(&run->abandon, true, memory_order_relaxed);
			if (run->config.queue.kick)
				run->config.queue.kick(run->config.queue.queue);
			return false;
		}
	}
	if (done_ns)
		*done_ns = run->done_ns;
	return true;
}

void mbx_run_finish(struct mbx_run *run, struct mbx_run_report *report)
{
	if (run->config.queue.kick)
		run->config.queue.kick(run->config.queue.queue);
	pthread_join(run->consumer, NULL);
	memset(report, 0, sizeof(*report));
	/* relaxed: every producer is done and the consumer joined */
	report->accepted = atomic_load_explicit(&run->accepted, memory_order_relaxed);
	report->full_retries = atomic_load_explicit(&run->full_retries, memory_order_relaxed);
	report->failure = atomic_load_explicit(&run->failure, memory_order_relaxed);
	report->stalled = atomic_load_explicit(&run->stalled, memory_order_relaxed);
	report->counts = mbx_tally_finish(&run->tally, report->accepted);
	report->done_ns = run->done_ns;
	report->bind_failed = run->bind_failed;
	report->consumer_cpu[0] = run->consumer_cpu[0];
	report->consumer_cpu[1] = run->consumer_cpu[1];
	run_free(run);
}

struct producer {
	struct mbx_run *run;
	const struct mbx_run_pauses *pauses;
	uint32_t index;
	pthread_t thread;
};

/* xorshift64*: cheap per-thread randomness for the pauses. */
static uint64_t next_random(uint64_t *state)
{
	*state ^= *state >> 12;
	*state ^= *state << 25;
	*state ^= *state >> 27;
	return *state * UINT64_C(2685821657736338717);
}

static void *producer_main(void *argument)
{
	struct producer *self = argument;
	const struct mbx_run_pauses *pauses = self->pauses;
	uint64_t random = pauses->seed * 0x9e3779b97f4a7c15u + self->index + 1, accepted = 0;

	for (uint32_t sequence = 1; sequence <= self->run->config.ids_per_producer; sequence++) {
		if (mbx_run_enqueue(self->run, self->index, mbx_tally_id(self->index, sequence)) !=
		    MBX_OK)
			break;
		accepted++;
		if (pauses->every && next_random(&random) % pauses->every == 0) {
			struct timespec pause = {.tv_sec = pauses->us / 1000000u,
			                         .tv_nsec = (long)(pauses->us % 1000000u) * 1000};
			nanosleep(&pause, NULL);
		}
	}
	mbx_run_producer_done(self->run, accepted);
	mbx_run_await(self->run, NULL);
	return NULL;
}

enum mbx_status mbx_run_threads(const struct mbx_run_config *config,
                                const struct mbx_run_pauses *pauses, struct mbx_run_report *report)
{
	static const struct mbx_run_pauses none;
	struct producer *producers = calloc(config->producers, sizeof(*producers));
	struct mbx_run *run = producers ? mbx_run_start(config) : NULL;

	if (!run) {
		free(producers);
		return producers ? MBX_E_INVALID : MBX_E_NO_MEMORY;
	}
	for (uint32_t i = 0; i < config->producers; i++) {
		producers[i] =
		    (struct producer){.run = run, .pauses = pauses ? pauses : &none, .index = i};
		if (pthread_create(&producers[i].thread, NULL, producer_main, &producers[i]) != 0)
			abort(); /* a harness that cannot start its threads has nothing to report */
	}
	for (uint32_t i = 0; i < config->producers; i++)
		pthread_join(producers[i].thread, NULL);
	free(producers);
	mbx_run_finish(run, report);
	return report->failure;
}

/* A peer row as a runner queue. */
static enum mbx_status peer_enqueue(void *context, uint32_t producer, uint32_t id)
{
	struct mbx_run_peer *peer = context;

	return peer->ops->enqueue(peer->queue, producer, id) ? MBX_OK : MBX_E_FULL;
}

static uint32_t peer_consume(void *context, struct mbx_tally *tally, bool producing)
{
	struct mbx_run_peer *peer = context;
	uint32_t ids[MBX_PEER_CAPACITY];
	uint32_t n = peer->ops->drain(peer->queue, ids, MBX_PEER_CAPACITY);

	(void)producing;
	/* overflowed = true: no peer overwrites, so an id seen twice is a duplicate */
	for (uint32_t i = 0; i < n; i++)
		mbx_tally_record(tally, ids[i], true);
	return n;
}

static void peer_wait(void *context)
{
	struct mbx_run_peer *peer = context;

	peer->ops->wait(peer->queue);
}

static void peer_kick(void *context)
{
	struct mbx_run_peer *peer = context;

	peer->ops->kick(peer->queue);
}

struct mbx_run_queue mbx_run_queue_peer(struct mbx_run_peer *peer)
{
	return (struct mbx_run_queue){.queue = peer,
	                              .enqueue = peer_enqueue,
	                              .consume = peer_consume,
	                              .wait = peer->ops->wait ? peer_wait : NULL,
	                              .kick = peer->ops->kick ? peer_kick : NULL};
}
