// SPDX-License-Identifier: MIT
// peer/xenium_vyukov: xenium's vyukov_bounded_queue (Debian's libxenium-dev,
// header-only), Dmitry Vyukov's bounded MPMC queue: each cell carries a
// sequence number; a producer CASes enqueue_pos when its cell's sequence says
// free, stores the value, then releases the cell's sequence; try_push says
// false when full. MBX_PEER_CAPACITY cells, try_push / try_pop (strong, the
// default), one consumer. No wake-up: the consumer polls.
//
// Edges: xenium's own (std::atomic: the cell sequence's release store and
// acquire load); this file adds none.
#include <xenium/vyukov_bounded_queue.hpp>

#include <new>

#include "peer.h"

namespace
{

using Queue = xenium::vyukov_bounded_queue<uint32_t>;

void *create(uint32_t producers)
{
	(void)producers;
	return new (std::nothrow) Queue(MBX_PEER_CAPACITY);
}

void destroy(void *queue)
{
	delete static_cast<Queue *>(queue);
}

bool enqueue(void *queue, uint32_t producer, uint32_t id)
{
	(void)producer;
	return static_cast<Queue *>(queue)->try_push(id);
}

uint32_t drain(void *queue, uint32_t *ids, uint32_t max)
{
	Queue *q = static_cast<Queue *>(queue);
	uint32_t n = 0, id;

	while (n < max && q->try_pop(id))
		ids[n++] = id;
	return n;
}

} // namespace

extern "C" {

const struct mbx_peer_ops mbx_peer_xenium_vyukov = {
    .name = "xenium_vyukov",
    .mode = "xenium vyukov_bounded_queue<uint32_t>: try_push / try_pop (strong), 256 cells, "
            "consumer polls",
    .tsan_blind = nullptr,
    .waits_for_predecessor = nullptr,
    .create = create,
    .destroy = destroy,
    .enqueue = enqueue,
    .drain = drain,
    .wait = nullptr,
    .kick = nullptr,
};

} // extern "C"
