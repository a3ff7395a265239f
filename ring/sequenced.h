/* SPDX-License-Identifier: MIT */
/*
 * Private: the steps of the sequenced enqueue (protocol and edges at the top
 * of ring/sequenced.c), shared with the deterministic interleaving tests.
 */
#ifndef MBX_RING_SEQUENCED_H
#define MBX_RING_SEQUENCED_H

#include <stdatomic.h>

#include <mbx/abi.h>
#include <mbx/status.h>

/* Step 1: claim a free position, or MBX_E_FULL (nothing written). */
static inline enum mbx_status mbx__sequenced_claim(struct mbx_abi_mailbox *box, uint32_t *claimed)
{
	/* Relaxed: a starting guess; the CAS re-reads tail on failure. */
	uint32_t position = atomic_load_explicit(&box->tail, memory_order_relaxed);

	for (;;) {
		/* A-HEAD: pairs with R-HEAD in the corrected guest. */
		uint32_t head = atomic_load_explicit(&box->head, memory_order_acquire);

		if (position - head >= MBX_CAPACITY) {
			/* Relaxed: only detects whether our guess of tail was stale. */
			uint32_t now = atomic_load_explicit(&box->tail, memory_order_relaxed);

			if (now == position)
				return MBX_E_FULL;
			position = now;
			continue;
		}
		/* Relaxed: the claim needs atomicity only (see the edges in sequenced.c). */
		if (atomic_compare_exchange_weak_explicit(&box->tail, &position, position + 1u,
		                                          memory_order_relaxed,
		                                          memory_order_relaxed))
			break;
	}
	*claimed = position;
	return MBX_OK;
}

/* Step 2: publish the id in its slot. */
static inline void mbx__sequenced_store(struct mbx_abi_mailbox *box, uint32_t position,
                                        uint32_t task_id)
{
	/* R-SEQ-SLOT: pairs with A-SEQ-SLOT in the corrected guest. */
	atomic_store_explicit(&box->ring[mbx_slot_index(position)], task_id, memory_order_release);
}

/* Step 3: raise the flag. */
static inline void mbx__sequenced_raise(struct mbx_abi_mailbox *box)
{
	/* R-FLAG: pairs with A-FLAG in the corrected guest. */
	atomic_store_explicit(&box->flag, 1u, memory_order_release);
}

/* The whole publish step: claim, store, raise; MBX_E_FULL when nothing was written. */
static inline enum mbx_status mbx__sequenced_publish(struct mbx_abi_mailbox *box, uint32_t task_id)
{
	uint32_t position;
	enum mbx_status status = mbx__sequenced_claim(box, &position);

	if (status != MBX_OK)
		return status;
	mbx__sequenced_store(box, position, task_id);
	mbx__sequenced_raise(box);
	return MBX_OK;
}

#endif /* MBX_RING_SEQUENCED_H */
