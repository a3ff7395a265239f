/* SPDX-License-Identifier: MIT */
/*
 * Private: the steps of the announced enqueue (protocol and edges at the top
 * of ring/announced.c), shared with <mbx/inline.h>, the litmus programs and
 * the deterministic interleaving tests.
 */
#ifndef MBX_RING_ANNOUNCED_H
#define MBX_RING_ANNOUNCED_H

#include <stdatomic.h>

#include <mbx/abi.h>
#include <mbx/status.h>

/*
 * The claim's first guess of tail: the calling thread's last claim + 1 (one
 * per thread and per translation unit; plain: no other thread touches it).
 * Not a load of tail: after the previous enqueue's locked instruction on the
 * tail's line, such a load waits for it, and the CAS for the load (about 3
 * ns of 12 at 1 producer, bench/scenario_inline.c). Any value is safe: the
 * CAS succeeds only at the current tail, and a wrong guess costs a failed
 * CAS (another thread claimed, or another mailbox's tail) or the recheck
 * below (a guess outside [head, head + 256)).
 */
static inline uint32_t *mbx__announced_guess(void)
{
	static _Thread_local uint32_t guess __attribute__((tls_model("initial-exec")));

	return &guess;
}

/* A hint to bring a line in, owned, for a store soon; no memory access in C11's sense. */
static inline void mbx__prefetch_for_store(const void *address)
{
#if defined(__x86_64__) && !defined(__GENMC_INTERNAL_H__)
	/* prefetchw: gcc emits it for __builtin_prefetch(p, 1) only with -mprfchw */
	__asm__ volatile("prefetchw %0" ::"m"(*(const char *)address));
#elif !defined(__GENMC_INTERNAL_H__)
	__builtin_prefetch(address, 1, 3); /* aarch64: prfm pstl1keep */
#else
	(void)address;
#endif
}

/*
 * Step 1: claim a free position, or MBX_E_FULL (nothing written). seen is
 * the host's cached copy of the guest's head (host memory, in the mailbox):
 * the guest's head is read only when the cached one says "full".
 */
static inline enum mbx_status mbx__announced_claim(struct mbx_abi_mailbox *box,
                                                   _Atomic uint32_t *seen, uint32_t *claimed)
{
	uint32_t *guess = mbx__announced_guess();
	uint32_t position = *guess; /* the CAS checks it against tail */
	/* A-SEEN: pairs with R-SEEN below (another producer's refresh of the cache). */
	uint32_t head = atomic_load_explicit(seen, memory_order_acquire);

	for (;;) {
		if (position - head >= MBX_CAPACITY) {
			/* A-HEAD: pairs with R-HEAD in the batched guest; read only when seen says full. */
			uint32_t now_head = atomic_load_explicit(&box->head, memory_order_acquire);
			/* Relaxed: only detects whether our guess of tail was stale. */
			uint32_t now = atomic_load_explicit(&box->tail, memory_order_relaxed);

			/* position first: it is dead after, so no register is saved on the stack. */
			if (now == position && now - now_head >= MBX_CAPACITY)
				return MBX_E_FULL;
			if (now_head != head) {
				head = now_head;
				/*
				 * R-SEEN: pairs with A-SEEN; hands on what the head load
				 * saw. A racing refresh may store an older head: only
				 * more "full".
				 */
#ifdef MBX_LITMUS_RELAXED_SEEN
				/* Relaxed: tests/litmus/announced-full.c's negative control only. */
				atomic_store_explicit(seen, head, memory_order_relaxed);
#else
				atomic_store_explicit(seen, head, memory_order_release);
#endif
			}
			position = now;
			continue;
		}
		/*
		 * C-TAIL (seq_cst): the claim, and the store half of the Dekker
		 * pair with the guest's announcement (D-HOST below; D-GUEST in
		 * sim/guest_steps.h). Failure relaxed: it only re-reads tail.
		 */
		if (atomic_compare_exchange_weak_explicit(&box->tail, &position, position + 1u,
		                                          memory_order_seq_cst,
		                                          memory_order_relaxed))
			break;
	}
	*guess = position + 1u;
	*claimed = position;
	/*
	 * Starting a slot line's worth of positions: ask for the next line
	 * before this producer (or the next one) stores there, if the guest has
	 * shown every position of its last lap taken (head, as this claim saw
	 * it: never newer than the guest's). Its clear left the line in the
	 * guest's cache; without the hint, the store there waits for the
	 * transfer and the next claim waits for that store. A hint, no access:
	 * nothing in the protocol changes.
	 */
	if (mbx_slot_index(position) % MBX__SLOTS_PER_LINE == 0 &&
	    position + 2u * MBX__SLOTS_PER_LINE - head <= MBX_CAPACITY)
		mbx__prefetch_for_store(&box->ring[mbx_slot_index(position + MBX__SLOTS_PER_LINE)]);
	return MBX_OK;
}

/* Step 2: publish the id in its slot. */
static inline void mbx__announced_store(struct mbx_abi_mailbox *box, uint32_t position,
                                        uint32_t task_id)
{
	/* R-ANN-SLOT: pairs with A-SEQ-SLOT in the batched guest (the corrected take). */
	atomic_store_explicit(&box->ring[mbx_slot_index(position)], task_id, memory_order_release);
}

/*
 * Step 3 (waiter_aware, waiter_handoff): does the guest sleep, or is it about
 * to? D-HOST: a seq_cst load after C-TAIL, no fence (x86: a plain mov after
 * the locked cmpxchg). MBX_LITMUS_RELAXED_WAITER (litmus builds only) makes
 * it relaxed, the refuted cheaper form.
 */
static inline bool mbx__announced_guest_sleeps(struct mbx_abi_mailbox *box)
{
#ifdef MBX_LITMUS_RELAXED_WAITER
	/* Relaxed: tests/litmus/announced.c's negative control only. */
	return atomic_load_explicit(&box->waiter, memory_order_relaxed) != 0;
#else
	/* D-HOST: pairs with D-GUEST (store waiter, load tail, both seq_cst). */
	return atomic_load_explicit(&box->waiter, memory_order_seq_cst) != 0;
#endif
}

/*
 * The raise of futex, futex_private and waiter_aware: an RMW (release), as
 * sequenced's raise (ring/sequenced.h: an RMW continues every earlier
 * raiser's release sequence).
 */
static inline void mbx__announced_raise(struct mbx_abi_mailbox *box)
{
	/* R-ANN-FLAG: pairs with A-ANN-FLAG, the guest's exchange before it sleeps. */
	atomic_exchange_explicit(&box->flag, 1u, memory_order_release);
}

#endif /* MBX_RING_ANNOUNCED_H */
