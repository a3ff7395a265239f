/* SPDX-License-Identifier: MIT */
/*
 * peer/wfcqueue: liburcu's wait-free concurrent queue (urcu/wfcqueue.h,
 * liburcu 0.13), the bare structure: cds_wfcq_enqueue from every producer,
 * no wake-up (the consumer polls, like the mailbox's `spin` policy). Built
 * with _LGPL_SOURCE so the queue is inlined as liburcu's users inline it
 * (mbx's MIT licence is LGPL-compatible, which is the condition liburcu sets).
 *
 * Nodes: one per id, from a per-producer slab of MBX_PEER_CAPACITY 16-byte
 * nodes allocated once per queue and reused in order. The consumer marks a
 * node free after reading its id; a producer whose next node is not free yet
 * answers "full" (MBX_PEER_CAPACITY of its ids are in flight), so the queue is
 * bounded like the rings and no allocator is timed.
 *
 * Consumer: __cds_wfcq_splice_nonblocking moves everything published onto a
 * consumer-private queue with one xchg, then __cds_wfcq_dequeue_nonblocking
 * takes nodes from it. Nonblocking, because the blocking variants busy-wait
 * for a producer between its tail xchg and its next-pointer store and, after
 * 10 attempts, sleep 10 ms in poll(): with producers preempted (2 x cores
 * threads) that sleep would be timed as the queue's; nonblocking returns to
 * the shared driver, which yields and drains again, as for every peer.
 * Single consumer: the driver serializes drain, so the __ (lock-free, caller
 * excludes) variants are used, as the synchronization table in
 * urcu/static/wfcqueue.h allows.
 *
 * Edges:
 *   P-WFCQ  cds_wfcq_enqueue's uatomic_xchg (a full barrier) publishes the
 *           node and its id; the dequeue's loads pair with it (liburcu's own)
 *   R-FREE  consumer: node.free = 1 after reading the id; pairs with A-FREE
 *   A-FREE  producer: loads node.free before reusing the node
 */
#define _LGPL_SOURCE
#include <stdatomic.h>
#include <stdlib.h>
#include <urcu/compiler.h>
#include <urcu/wfcqueue.h>

#include "peer.h"

#ifndef MBX_PEER_URCU_VERSION
#define MBX_PEER_URCU_VERSION "(version unknown)"
#endif

struct wfc_node {
	struct cds_wfcq_node node;
	uint32_t id;           /* written before P-WFCQ */
	_Atomic uint32_t free; /* 1: the consumer is done with it */
};

struct wfc_slab {
	_Alignas(64) uint32_t next; /* the producer's own cursor */
	struct wfc_node *nodes;     /* MBX_PEER_CAPACITY */
};

struct wfc_queue {
	/* liburcu: head and tail on separate lines when many CPUs enqueue */
	_Alignas(64) struct __cds_wfcq_head head;
	_Alignas(64) struct cds_wfcq_tail tail;
	_Alignas(64) struct __cds_wfcq_head taken_head; /* the consumer's private queue */
	struct cds_wfcq_tail taken_tail;
	struct wfc_node *nodes;
	struct wfc_slab slabs[];
};

static void *wfcqueue_create(uint32_t producers)
{
	size_t count = (size_t)producers * MBX_PEER_CAPACITY;
	size_t bytes = (count * sizeof(struct wfc_node) + 63) / 64 * 64;
	struct wfc_queue *q =
	    aligned_alloc(64, (sizeof(*q) + producers * sizeof(q->slabs[0]) + 63) / 64 * 64);

	if (!q)
		return NULL;
	q->nodes = aligned_alloc(64, bytes);
	if (!q->nodes) {
		free(q);
		return NULL;
	}
	__cds_wfcq_init(&q->head, &q->tail);
	__cds_wfcq_init(&q->taken_head, &q->taken_tail);
	for (size_t i = 0; i < count; i++)
		atomic_init(&q->nodes[i].free, 1);
	for (uint32_t p = 0; p < producers; p++) {
		q->slabs[p].next = 0;
		q->slabs[p].nodes = &q->nodes[(size_t)p * MBX_PEER_CAPACITY];
	}
	return q;
}

static void wfcqueue_destroy(void *queue)
{
	struct wfc_queue *q = queue;

	free(q->nodes);
	free(q);
}

static bool wfcqueue_enqueue(void *queue, uint32_t producer, uint32_t id)
{
	struct wfc_queue *q = queue;
	struct wfc_slab *slab = &q->slabs[producer];
	struct wfc_node *node = &slab->nodes[slab->next % MBX_PEER_CAPACITY];

	/* A-FREE: pairs with R-FREE in wfcqueue_drain */
	if (!atomic_load_explicit(&node->free, memory_order_acquire))
		return false;
	/* relaxed: the node is this producer's until P-WFCQ publishes it */
	atomic_store_explicit(&node->free, 0, memory_order_relaxed);
	node->id = id;
	cds_wfcq_node_init(&node->node);
	cds_wfcq_enqueue(&q->head, &q->tail, &node->node); /* P-WFCQ */
	slab->next++;
	return true;
}

static uint32_t wfcqueue_drain(void *queue, uint32_t *ids, uint32_t max)
{
	struct wfc_queue *q = queue;
	uint32_t n = 0;

	/* WOULDBLOCK leaves the rest for the next drain: see the header */
	(void)__cds_wfcq_splice_nonblocking(&q->taken_head, &q->taken_tail, &q->head, &q->tail);
	while (n < max) {
		struct cds_wfcq_node *taken =
		    __cds_wfcq_dequeue_nonblocking(&q->taken_head, &q->taken_tail);
		if (!taken || taken == CDS_WFCQ_WOULDBLOCK)
			break;
		struct wfc_node *node = caa_container_of(taken, struct wfc_node, node);
		ids[n++] = node->id;
		/* R-FREE: done with the node; pairs with A-FREE in wfcqueue_enqueue */
		atomic_store_explicit(&node->free, 1, memory_order_release);
	}
	return n;
}

const struct mbx_peer_ops mbx_peer_wfcqueue = {
    .name = "wfcqueue",
    .mode = "liburcu " MBX_PEER_URCU_VERSION " wfcqueue: cds_wfcq_enqueue, consumer "
            "splice + dequeue nonblocking, 256 pooled nodes per producer, consumer polls",
    .tsan_blind = "liburcu 0.13's uatomic_xchg/cmpxchg are x86 inline asm, invisible to TSan",
    .create = wfcqueue_create,
    .destroy = wfcqueue_destroy,
    .enqueue = wfcqueue_enqueue,
    .drain = wfcqueue_drain,
};
