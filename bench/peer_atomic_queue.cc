// SPDX-License-Identifier: MIT
// peer/atomic_queue and peer/atomic_queue_optimist: Maxim Egorushkin's
// atomic_queue (Debian's libatomic-queue-dev, header-only), AtomicQueue<uint32_t,
// ...> with 0 as its NIL (our ids are never 0), in its two modes:
//   atomic_queue          try_push / try_pop: a CAS on head reserves a slot only
//                         when the queue has room; MBX_PEER_CAPACITY (256) slots
//   atomic_queue_optimist push / pop, the library's "optimist" mode (the
//                         OptimistAtomicQueue of its benchmarks): a fetch_add on
//                         head, then the producer waits at its slot until it is
//                         empty; the consumer likewise waits at its slot until
//                         it is stored. Those calls never say full, so this
//                         adapter holds the peer to MBX_PEER_CAPACITY ids with
//                         was_size() (two relaxed loads) in a queue of twice
//                         as many slots: producers that pass that check
//                         together overrun 256 by fewer than 256 and never
//                         wait for room, so a producer-only row cannot wedge.
// The consumer drains while was_empty() is false. No wake-up: the consumer polls.
//
// Edges: atomic_queue's own (a release store of the element, an acquire load
// of it by the other side; std::atomic throughout, so TSan sees them); this
// file adds none.
#include <atomic_queue/atomic_queue.h>

#include <new>

#include "peer.h"

namespace
{

using Queue = atomic_queue::AtomicQueue<uint32_t, MBX_PEER_CAPACITY, 0u>;
using Optimist = atomic_queue::AtomicQueue<uint32_t, 2 * MBX_PEER_CAPACITY, 0u>;

template <class Q> void *create(uint32_t producers)
{
	(void)producers;
	return new (std::nothrow) Q;
}

bool optimist_enqueue(void *queue, uint32_t producer, uint32_t id)
{
	Optimist *q = static_cast<Optimist *>(queue);

	(void)producer;
	if (q->was_size() >= MBX_PEER_CAPACITY)
		return false;
	q->push(id);
	return true;
}

bool optimist_pop(void *queue, uint32_t *id)
{
	Optimist *q = static_cast<Optimist *>(queue);

	if (q->was_empty())
		return false;
	*id = q->pop();
	return true;
}

uint32_t optimist_drain(void *queue, uint32_t *ids, uint32_t max)
{
	return mbx_peer_drain_each(queue, ids, max, optimist_pop);
}

} // namespace

extern "C" {

const struct mbx_peer_ops mbx_peer_atomic_queue = mbx_peer::try_queue_row<Queue>(
    "atomic_queue",
    "atomic_queue AtomicQueue<uint32_t, 256, NIL 0>: try_push / try_pop, 256 slots, consumer "
    "polls",
    create<Queue>);

const struct mbx_peer_ops mbx_peer_atomic_queue_optimist = {
    .name = "atomic_queue_optimist",
    .mode = "atomic_queue AtomicQueue<uint32_t, 512, NIL 0> in optimist mode: push / pop "
            "(fetch_add, then wait at the slot), held to 256 ids by was_size(), consumer "
            "polls",
    .tsan_blind = nullptr,
    .waits_for_predecessor = "never for a predecessor; the consumer waits at a claimed slot "
                             "until its producer stores it",
    .create = create<Optimist>,
    .destroy = mbx_peer::destroy<Optimist>,
    .enqueue = optimist_enqueue,
    .drain = optimist_drain,
    .wait = nullptr,
    .kick = nullptr,
};

} // extern "C"
