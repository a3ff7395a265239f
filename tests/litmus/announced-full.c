// SPDX-License-Identifier: MIT
/*
 * announced on a full ring: back-pressure, never an overwrite, with the
 * host's cached head. The ring starts full: head 0, tail 256, position 0
 * published (id 3), positions 1..255 claimed by producers that stay
 * preempted for the whole run (holes); the cache holds 0. Each producer
 * tries once to enqueue (ids 1, 2) with mbx__enqueue_announced_waiter_aware_at
 * while the batched guest drains and waits (litmus.h): room for one id
 * (position 256, slot 0) appears once the guest took id 3 and showed head 1.
 * Property: a producer either finds the ring full (MBX_E_FULL, nothing
 * written) or stores into slot 0 only after the guest read and cleared it:
 * every id is taken exactly once. The claim's acquire of head (A-HEAD, read
 * only when the cache says full) pairs with the guest's release of head
 * (R-HEAD) after its clear; a producer that trusts the cache another one
 * refreshed gets that ordering through R-SEEN / A-SEEN.
 * Negative control: the cache stored relaxed (-DMBX_LITMUS_RELAXED_SEEN):
 * a producer that claims on the strength of another's refresh, with no tail
 * RMW to synchronise with, can store before the guest's clear lands.
 *
 * litmus: announced-full                                       expect: holds
 * litmus: announced-full-2p -DPRODUCERS=2                      expect: holds
 * litmus: announced-relaxed-seen-2p -DPRODUCERS=2 -DMBX_LITMUS_RELAXED_SEEN expect: violated
 * edges: A-HEAD R-HEAD R-SEEN A-SEEN R-ANN-SLOT A-SEQ-SLOT
 */
#include "litmus.h"

#ifndef PRODUCERS
#define PRODUCERS 1
#endif

static struct mbx__mailbox_fast_words litmus_host; /* the cached head: 0 */
static bool published[PRODUCERS + 1];

static void *producer(void *arg)
{
	uintptr_t id = (uintptr_t)arg;

	/* The claim's first guess of tail (ring/announced.h): a producer that claimed 255 last. */
	*mbx__announced_guess() = MBX_CAPACITY;
	published[id] =
	    mbx__enqueue_announced_waiter_aware_at((struct mbx_mailbox *)(void *)&litmus_host,
	                                           &litmus_box, (uint32_t)id) == MBX_OK;
	return NULL;
}

static void *guest(void *arg)
{
	(void)arg;
	litmus_batched_guest_run(&litmus_box, LITMUS_WAIT_WAITER_AWARE);
	return NULL;
}

int main(void)
{
	/* Relaxed: before the threads start. */
	atomic_store_explicit(&litmus_box.ring[0], 3u, memory_order_relaxed);
	atomic_store_explicit(&litmus_box.tail, MBX_CAPACITY, memory_order_relaxed);
	litmus_run(guest, producer, PRODUCERS);
	assert(litmus_bad_ids == 0);
	assert(litmus_taken[3] == 1);
	for (uint32_t id = 1; id <= PRODUCERS; id++)
		assert(litmus_taken[id] == (published[id] ? 1 : 0));
	return 0;
}
