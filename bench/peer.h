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
 * The e2e run is the one exactly-once runner (run.h, mbx_run_queue_peer): N
 * producers, one consumer thread recording ids into an mbx_tally.
 */
#ifndef MBX_BENCH_PEER_H
#define MBX_BENCH_PEER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <mbx/tally.h>

#ifdef __cplusplus
extern "C" {
#endif

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
	 * (the rows say so in the JSON context, mbx_peer_modes).
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

/* An id in a peer whose entries are pointers (ck_ring, rte_ring): (void *)(uintptr_t)id. */
static inline void *mbx_peer_entry(uint32_t id)
{
	return (void *)(uintptr_t)id;
}

static inline uint32_t mbx_peer_entry_id(const void *entry)
{
	return (uint32_t)(uintptr_t)entry;
}

/*
 * The drain of a peer that pops one id at a time: up to max ids through pop
 * (false: nothing published now). Inlined with pop a constant, the call is
 * direct.
 */
static inline uint32_t mbx_peer_drain_each(void *queue, uint32_t *ids, uint32_t max,
                                           bool (*pop)(void *queue, uint32_t *id))
{
	uint32_t n = 0;

	while (n < max && pop(queue, &ids[n]))
		n++;
	return n;
}

size_t mbx_peer_count(void);
const struct mbx_peer_ops *mbx_peer_at(size_t index);

/* The rows (peer_<name>.c); peer_table.c lists the ones this build has. */
extern const struct mbx_peer_ops mbx_peer_wfcqueue;
extern const struct mbx_peer_ops mbx_peer_ck_ring;
extern const struct mbx_peer_ops mbx_peer_rte_ring;
extern const struct mbx_peer_ops mbx_peer_rte_ring_rts;
extern const struct mbx_peer_ops mbx_peer_rte_ring_hts;
extern const struct mbx_peer_ops mbx_peer_mutex_cond;
extern const struct mbx_peer_ops mbx_peer_eventfd;
extern const struct mbx_peer_ops mbx_peer_atomic_queue;
extern const struct mbx_peer_ops mbx_peer_atomic_queue_optimist;
extern const struct mbx_peer_ops mbx_peer_xenium_vyukov;

#ifdef __cplusplus
}

/* The C++ peers' rows over a queue class Q with try_push / try_pop (atomic_queue, xenium). */
namespace mbx_peer
{
template <class Q> void destroy(void *queue)
{
	delete static_cast<Q *>(queue);
}

template <class Q> bool try_push(void *queue, uint32_t producer, uint32_t id)
{
	(void)producer;
	return static_cast<Q *>(queue)->try_push(id);
}

template <class Q> bool try_pop(void *queue, uint32_t *id)
{
	return static_cast<Q *>(queue)->try_pop(*id);
}

template <class Q> uint32_t try_drain(void *queue, uint32_t *ids, uint32_t max)
{
	return mbx_peer_drain_each(queue, ids, max, try_pop<Q>);
}

/* The row of such a queue: no TSan blind spot, no wait for a predecessor, the consumer polls. */
template <class Q>
constexpr struct mbx_peer_ops try_queue_row(const char *name, const char *mode,
                                            void *(*create)(uint32_t producers))
{
	return {name,       mode,        nullptr,      nullptr, create,
	        destroy<Q>, try_push<Q>, try_drain<Q>, nullptr, nullptr};
}
} // namespace mbx_peer
#endif
#endif /* MBX_BENCH_PEER_H */
