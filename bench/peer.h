/* SPDX-License-Identifier: MIT */
/*
 * Peers: well-known queues measured beside the mailbox with the same harness,
 * pinning and thread counts. A peer is one row of struct mbx_peer_ops (its
 * file, bench/peer_<name>.c, is the adapter); the rows are in peer_table.c,
 * one line each, present when CMake found the peer's library.
 *
 * Every peer is a multi-producer, single-consumer queue of 32-bit ids:
 *   enqueue  any number of producer threads at once; never blocks; false when
 *            full (the caller retries or discards)
 *   drain    one consumer thread at a time (callers serialize it); never
 *            blocks; takes up to max ids that are published now
 *   wait     the consumer only, after a drain that took nothing: blocks until
 *            an enqueue or a kick may have happened; NULL when the peer has
 *            no wake-up of its own (the consumer polls, like the mailbox's
 *            `spin` wake policy)
 *   kick     any thread: wait no longer blocks, from now on (stopping)
 *
 * The shared e2e run (peer_run.c) is one body for every peer: N producers, one
 * consumer thread recording ids into an mbx_tally, exactly-once or an error.
 */
#ifndef MBX_BENCH_PEER_H
#define MBX_BENCH_PEER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <mbx/tally.h>

/* Every bounded peer holds about as many ids as the mailbox ring (MBX_CAPACITY). */
#define MBX_PEER_CAPACITY 256u
/* The free-running u32 indices of the rings mbx writes start here: every run wraps. */
#define MBX_PEER_INDEX_START (UINT32_MAX - 2u * MBX_PEER_CAPACITY)

struct mbx_peer_ops {
	const char *name; /* peer/<name>/enqueue, peer/<name>/e2e */
	const char *mode; /* one line for the JSON context: library, mode, capacity */
	/* Why ThreadSanitizer cannot see this peer's synchronization, or NULL. */
	const char *tsan_blind;
	/*
	 * How a producer waits for the producers that reserved before it, or NULL
	 * when it never does. Such a peer crawls when producers outnumber cores: a
	 * spinning producer holds the core its preempted predecessor needs
	 * (peer_bench.c bounds those runs).
	 */
	const char *waits_for_predecessor;
	/* A queue for producers 0..producers-1 and one consumer; NULL on failure. */
	void *(*create)(uint32_t producers);
	void (*destroy)(void *queue);
	bool (*enqueue)(void *queue, uint32_t producer, uint32_t id);
	uint32_t (*drain)(void *queue, uint32_t *ids, uint32_t max);
	void (*wait)(void *queue);
	void (*kick)(void *queue);
};

size_t mbx_peer_count(void);
const struct mbx_peer_ops *mbx_peer_at(size_t index);

/* The rows (peer_<name>.c); peer_table.c lists the ones this build has. */
extern const struct mbx_peer_ops mbx_peer_wfcqueue;
extern const struct mbx_peer_ops mbx_peer_ck_ring;
extern const struct mbx_peer_ops mbx_peer_rte_ring;
extern const struct mbx_peer_ops mbx_peer_mutex_cond;
extern const struct mbx_peer_ops mbx_peer_eventfd;

/*
 * One e2e run: producers 0..producers-1 each enqueue ids_per_producer ids
 * mbx_tally_id(producer, 1..ids_per_producer) through mbx_peer_run_enqueue
 * while the run's consumer thread drains into a tally.
 */
struct mbx_peer_run;

struct mbx_peer_report {
	struct mbx_tally_counts counts;
	bool stalled; /* a producer's final wait saw the consumer make no progress */
};

/* Starts the consumer thread (it calls bind(producers) first when bind is set). */
struct mbx_peer_run *mbx_peer_run_start(const struct mbx_peer_ops *ops, uint32_t producers,
                                        uint32_t ids_per_producer, int (*bind)(int producers));
/* A producer's enqueue, yielding while full; returns how many full answers it saw. */
uint64_t mbx_peer_run_enqueue(struct mbx_peer_run *run, uint32_t producer, uint32_t id);
/*
 * A producer after its last id: waits until the consumer has taken every id of
 * the run, so an e2e time includes the consumer's work; false when the
 * consumer made no progress for MBX_PEER_STALL_NS.
 */
bool mbx_peer_run_await(struct mbx_peer_run *run);
/* After every producer is done: stops the consumer, counts, frees the run. */
void mbx_peer_run_finish(struct mbx_peer_run *run, struct mbx_peer_report *report);

#define MBX_PEER_STALL_NS 2000000000u /* 2 s without consumer progress */

#endif /* MBX_BENCH_PEER_H */
