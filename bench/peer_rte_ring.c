/* SPDX-License-Identifier: MIT */
/*
 * peer/rte_ring: DPDK's rte_ring (DPDK 22.11) in its three multi-producer
 * modes, each a row, all with RING_F_SC_DEQ (rte_ring_sc_dequeue_burst):
 *   rte_ring      MP: a CAS on prod.head reserves a slot, then each producer
 *                 waits for its predecessors to move prod.tail
 *   rte_ring_rts  RING_F_MP_RTS_ENQ ("relaxed tail sync", DPDK's mode for
 *                 preemptible producers): the last producer to finish moves
 *                 the tail for all; nobody waits for a predecessor unless
 *                 the head runs more than htd_max (default capacity / 8)
 *                 ahead of the tail
 *   rte_ring_hts  RING_F_MP_HTS_ENQ ("head/tail sync"): one producer at a
 *                 time between head and tail, each waits for head == tail
 * rte_ring_enqueue dispatches on the mode the ring was made with. The ring lives in memory this
 * file provides: rte_ring_get_memsize + rte_ring_init on a cache-aligned
 * buffer, so no EAL, no hugepages and no memzone are needed (rte_ring_init
 * only fills the header). MBX_PEER_CAPACITY slots without RING_F_EXACT_SZ:
 * holds 255 ids, like ck_ring. Entries are pointers: an id travels as
 * (void *)(uintptr_t)id. No wake-up: the consumer polls.
 *
 * DPDK's headers are compiled only here (with -isystem and their
 * rte_config.h; see bench/peers.cmake) and only librte_ring is linked.
 *
 * Edges: DPDK's own. x86 builds of 22.11 use its generic memory model
 * (rte_atomic32_cmpset, inline asm, and compiler barriers), which TSan cannot
 * see. Its C11 model (RTE_USE_C11_MEM_MODEL, the one Arm builds use) was tried
 * under TSan and is reported too (slot write vs the consumer's copy). Our
 * reading: a producer waits for its predecessor's prod.tail with a relaxed
 * load before its own release store, so the predecessor's slot write reaches
 * the consumer through no C11 happens-before edge: a race in the C11 model,
 * benign on x86's TSO.
 */
#include <rte_ring.h>
#include <stdlib.h>

#include "peer.h"

#ifndef MBX_PEER_DPDK_VERSION
#define MBX_PEER_DPDK_VERSION "(version unknown)"
#endif

static void *rte_ring_peer_make(unsigned int flags)
{
	ssize_t size = rte_ring_get_memsize(MBX_PEER_CAPACITY);
	struct rte_ring *ring;

	if (size < 0)
		return NULL;
	ring = aligned_alloc(RTE_CACHE_LINE_SIZE, ((size_t)size + RTE_CACHE_LINE_SIZE - 1) /
	                                              RTE_CACHE_LINE_SIZE * RTE_CACHE_LINE_SIZE);
	if (!ring)
		return NULL;
	if (rte_ring_init(ring, "mbx_peer", MBX_PEER_CAPACITY, flags | RING_F_SC_DEQ) != 0) {
		free(ring);
		return NULL;
	}
	return ring;
}

static void *rte_ring_peer_create(uint32_t producers)
{
	(void)producers;
	return rte_ring_peer_make(0);
}

static void *rte_ring_rts_peer_create(uint32_t producers)
{
	(void)producers;
	return rte_ring_peer_make(RING_F_MP_RTS_ENQ);
}

static void *rte_ring_hts_peer_create(uint32_t producers)
{
	(void)producers;
	return rte_ring_peer_make(RING_F_MP_HTS_ENQ);
}

static void rte_ring_peer_destroy(void *queue)
{
	free(queue);
}

static bool rte_ring_peer_enqueue(void *queue, uint32_t producer, uint32_t id)
{
	(void)producer;
	return rte_ring_enqueue(queue, mbx_peer_entry(id)) == 0;
}

static uint32_t rte_ring_peer_drain(void *queue, uint32_t *ids, uint32_t max)
{
	void *entries[MBX_PEER_CAPACITY];
	unsigned int n = rte_ring_sc_dequeue_burst(
	    queue, entries, max < MBX_PEER_CAPACITY ? max : MBX_PEER_CAPACITY, NULL);

	for (unsigned int i = 0; i < n; i++)
		ids[i] = mbx_peer_entry_id(entries[i]);
	return n;
}

/* A row of one mode: what differs is the name, how it is made, the mode and its wait. */
#define RTE_RING_ROW(row, make, mode_text, waits)                                                 \
	{                                                                                         \
		.name = row, .mode = "DPDK " MBX_PEER_DPDK_VERSION " rte_ring: " mode_text,       \
		.tsan_blind = "DPDK's x86 ring model synchronizes in inline asm (cmpset), "       \
		              "invisible to TSan",                                                \
		.waits_for_predecessor = waits, .create = make, .destroy = rte_ring_peer_destroy, \
		.enqueue = rte_ring_peer_enqueue, .drain = rte_ring_peer_drain,                   \
	}

const struct mbx_peer_ops mbx_peer_rte_ring =
    RTE_RING_ROW("rte_ring", rte_ring_peer_create,
                 "mp_enqueue / sc_dequeue_burst, 256 slots (255 usable), own memory, no EAL, "
                 "consumer polls",
                 "spins (rte_pause) until the producer tail reaches its reservation");

const struct mbx_peer_ops mbx_peer_rte_ring_rts =
    RTE_RING_ROW("rte_ring_rts", rte_ring_rts_peer_create,
                 "RING_F_MP_RTS_ENQ enqueue / sc_dequeue_burst, 256 slots (255 usable), "
                 "default htd_max, own memory, no EAL, consumer polls",
                 "waits only while the head runs more than htd_max ahead of the tail (the last "
                 "finisher moves the tail for all)");

const struct mbx_peer_ops mbx_peer_rte_ring_hts =
    RTE_RING_ROW("rte_ring_hts", rte_ring_hts_peer_create,
                 "RING_F_MP_HTS_ENQ enqueue / sc_dequeue_burst, 256 slots (255 usable), own "
                 "memory, no EAL, consumer polls",
                 "waits until head == tail: one producer at a time in the ring");
