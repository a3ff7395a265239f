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

} // namespace

extern "C" {

const struct mbx_peer_ops mbx_peer_xenium_vyukov = mbx_peer::try_queue_row<Queue>(
    "xenium_vyukov",
    "xenium vyukov_bounded_queue<uint32_t>: try_push / try_pop (strong), 256 cells, consumer "
    "polls",
    create);

} // extern "C"
