/* SPDX-License-Identifier: MIT */
/*
 * The one exactly-once runner of bench/: N producers -> one consumer thread
 * that records every id it takes into an mbx_tally. mbx-hazards, the stress
 * tests and the soak (through mbx_stress_run, stress.c), the e2e benchmark
 * (scenario_e2e.c), the peers' e2e benchmark (peer_bench.c) and the peers'
 * test all run it; the mailbox is one more queue (stress.c), a peer is one
 * row of struct mbx_peer_ops (mbx_run_queue_peer).
 *
 * Producers are either threads the caller owns (benchmark threads: each
 * calls mbx_run_enqueue, then mbx_run_producer_done, then mbx_run_await) or
 * the runner's own (mbx_run_threads). The consumer stops only once every
 * producer is done and a pass took nothing, so the run ends when the
 * consumer has taken every id it ever will: mbx_run_await returns that
 * moment, the end of an e2e wall clock.
 *
 * Ids: mbx_tally_id(producer, sequence), sequence 1..ids_per_producer.
 */
#ifndef MBX_BENCH_RUN_H
#define MBX_BENCH_RUN_H

#include <stdbool.h>
#include <stdint.h>

#include <mbx/status.h>
#include <mbx/tally.h>

/* What the runner drives. Producer calls may run concurrently; consumer calls run on one thread. */
struct mbx_run_queue {
	void *queue;
	/* MBX_OK, MBX_E_FULL (the runner yields and retries) or a failure that ends the producer */
	enum mbx_status (*enqueue)(void *queue, uint32_t producer, uint32_t id);
	/* one pass: records what it takes into tally; returns how many it took */
	uint32_t (*consume)(void *queue, struct mbx_tally *tally, bool producing);
	/* after a pass that took nothing while producers run; NULL: sched_yield */
	void (*wait)(void *queue);
	/* any thread: wait no longer blocks (stopping); may be NULL */
	void (*kick)(void *queue);
	/* once every producer is done and a pass took nothing: abandons what will never be
	 * published (holes an overwriting ring punched); may be NULL */
	void (*settle)(void *queue);
};

/* A peer row (bench/peer.h) over a queue it created; the caller keeps *peer alive. */
struct mbx_run_peer {
	const struct mbx_peer_ops *ops;
	void *queue;
};
struct mbx_run_queue mbx_run_queue_peer(struct mbx_run_peer *peer);

struct mbx_run_config {
	struct mbx_run_queue queue;
	uint32_t producers;        /* 1 .. MBX_TALLY_MAX_PRODUCERS */
	uint32_t ids_per_producer; /* the tally's size: no producer makes more */
	/* the consumer thread calls it first; nonzero: the bind failed (reported, the run goes on) */
	int (*bind)(void *context);
	void *bind_context;
};

struct mbx_run_report {
	struct mbx_tally_counts counts; /* lost = accepted - delivered */
	uint64_t accepted;              /* ids the queue accepted */
	uint64_t full_retries;          /* MBX_E_FULL answers, retried */
	uint64_t done_ns;               /* mbx_bench_now_ns when the consumer finished */
	enum mbx_status failure;        /* a producer's failed enqueue, or MBX_OK */
	bool stalled;                   /* an await saw the consumer make no progress */
	bool bind_failed;
	int consumer_cpu[2]; /* sched_getcpu at the consumer's start and end */
};

struct mbx_run;

/* Starts the consumer thread; NULL on bad arguments or when it cannot start. */
struct mbx_run *mbx_run_start(const struct mbx_run_config *config);
/* One id from producer; yields and retries while full. MBX_OK or the failure. */
enum mbx_status mbx_run_enqueue(struct mbx_run *run, uint32_t producer, uint32_t id);
/* The producer made its last enqueue; accepted: how many ids it had accepted. */
void mbx_run_producer_done(struct mbx_run *run, uint64_t accepted);
/*
 * After mbx_run_producer_done: waits until the consumer finished (every
 * producer done, nothing left to take); false when it made no progress for
 * MBX_RUN_STALL_NS. *done_ns (may be NULL) receives the consumer's finish time.
 */
bool mbx_run_await(struct mbx_run *run, uint64_t *done_ns);
/* After every producer awaited (or was joined): joins the consumer, counts, frees the run. */
void mbx_run_finish(struct mbx_run *run, struct mbx_run_report *report);

/* The runner's own producers: each enqueues ids_per_producer ids, pausing as asked. */
struct mbx_run_pauses {
	uint32_t every; /* 0: never; else pause at random ~1 in every ids */
	uint32_t us;
	uint64_t seed;
};
/* Runs producers threads to completion (start, produce, await, finish); MBX_OK or a failure. */
enum mbx_status mbx_run_threads(const struct mbx_run_config *config,
                                const struct mbx_run_pauses *pauses, struct mbx_run_report *report);

#define MBX_RUN_STALL_NS 2000000000u /* 2 s without consumer progress */

#endif /* MBX_BENCH_RUN_H */
