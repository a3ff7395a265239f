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

/*
 * Step 3: raise the flag, with an RMW. A plain release store would end every
 * earlier raiser's release sequence: with producers A then B raising, the
 * guest's exchange that reads B's 1 synchronises with B only, may miss A's
 * slot (and A's claim), stop there and sleep on the flag it cleared itself,
 * with A's id pending (tests/litmus/sequenced-flag.c, run
 * sequenced-plain-raise-2p). An RMW continues the release sequence of every
 * raise before it, so the exchange that reads the flag synchronises with all
 * of them. On x86 it is a locked instruction (xchg) where the store was a
 * plain mov; on aarch64 swpl (LSE; Debian's gcc 12 calls __aarch64_swp4_rel,
 * which picks swpl or an ldxr/stlxr loop) where it was stlr.
 * Skipping the RMW when the flag already reads 1 does not work: that 1 can
 * be an earlier raise the guest's exchange has already consumed (the load
 * is not ordered after it), and then nothing is raised after the guest's
 * clear (tests/litmus/sequenced-flag.c, sequenced-raise-if-clear-2p).
 * Litmus builds only (never a library build): MBX_LITMUS_PLAIN_RAISE restores
 * the plain store, MBX_LITMUS_RAISE_IF_CLEAR is the refuted cheaper raise.
 */
static inline void mbx__sequenced_raise(struct mbx_abi_mailbox *box)
{
#if defined(MBX_LITMUS_PLAIN_RAISE)
	/* The raise before the fix: R-FLAG does not reach earlier raisers. */
	atomic_store_explicit(&box->flag, 1u, memory_order_release);
#elif defined(MBX_LITMUS_RAISE_IF_CLEAR)
	/* A cheaper fix GenMC refutes: the 1 read may be one the guest has already cleared. */
	if (atomic_load_explicit(&box->flag, memory_order_relaxed) == 0)
		atomic_exchange_explicit(&box->flag, 1u, memory_order_release);
#else
	/* R-FLAG: pairs with A-FLAG in the corrected guest, for this raise and every earlier one. */
	atomic_exchange_explicit(&box->flag, 1u, memory_order_release);
#endif
}

#endif /* MBX_RING_SEQUENCED_H */
