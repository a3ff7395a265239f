/* SPDX-License-Identifier: MIT */
/*
 * peer/ck_ring: Concurrency Kit's ck_ring (ck 0.7.1) in its multi-producer,
 * single-consumer mode: ck_ring_enqueue_mpsc from every producer (a CAS on
 * p_head reserves a slot; each producer then waits for its predecessors
 * before it moves p_tail, so a preempted producer holds up the ones after it),
 * ck_ring_dequeue_mpsc from the one consumer. 0.7.1 also has _mpmc; _mpsc is
 * the contract this benchmark needs. The ring stores pointers: an id travels
 * as (void *)(uintptr_t)id. MBX_PEER_CAPACITY slots; ck keeps one empty, so
 * it holds 255 ids. No wake-up: the consumer polls.
 *
 * Edges: ck's own (ck_pr fences around p_tail and c_head, inline asm on
 * x86_64); this file adds none.
 */
#include <ck_ring.h>
#include <stdlib.h>

#include "peer.h"

#ifndef MBX_PEER_CK_VERSION
#define MBX_PEER_CK_VERSION "(version unknown)"
#endif

struct ck_queue {
	struct ck_ring ring; /* ck pads its producer and consumer counters apart */
	_Alignas(64) struct ck_ring_buffer buffer[MBX_PEER_CAPACITY];
};

static void *ck_ring_peer_create(uint32_t producers)
{
	struct ck_queue *q = aligned_alloc(64, (sizeof(struct ck_queue) + 63) / 64 * 64);

	(void)producers;
	if (!q)
		return NULL;
	ck_ring_init(&q->ring, MBX_PEER_CAPACITY);
	return q;
}

static void ck_ring_peer_destroy(void *queue)
{
	free(queue);
}

static bool ck_ring_peer_enqueue(void *queue, uint32_t producer, uint32_t id)
{
	struct ck_queue *q = queue;

	(void)producer;
	return ck_ring_enqueue_mpsc(&q->ring, q->buffer, mbx_peer_entry(id));
}

static bool ck_ring_peer_pop(void *queue, uint32_t *id)
{
	struct ck_queue *q = queue;
	void *entry;

	if (!ck_ring_dequeue_mpsc(&q->ring, q->buffer, &entry))
		return false;
	*id = mbx_peer_entry_id(entry);
	return true;
}

static uint32_t ck_ring_peer_drain(void *queue, uint32_t *ids, uint32_t max)
{
	return mbx_peer_drain_each(queue, ids, max, ck_ring_peer_pop);
}

const struct mbx_peer_ops mbx_peer_ck_ring = {
    .name = "ck_ring",
    .mode = "ck " MBX_PEER_CK_VERSION " ck_ring: enqueue_mpsc / dequeue_mpsc, 256 slots "
            "(255 usable), pointer-sized entries, consumer polls",
    .tsan_blind = "ck_pr loads, stores and fences are x86_64 inline asm, invisible to TSan",
    .waits_for_predecessor = "spins (ck_pr_stall) until p_tail reaches its reservation",
    .create = ck_ring_peer_create,
    .destroy = ck_ring_peer_destroy,
    .enqueue = ck_ring_peer_enqueue,
    .drain = ck_ring_peer_drain,
};
