/* SPDX-License-Identifier: MIT */
/*
 * Private: the guest's side of the ring protocol, step by step.
 *
 * The static inline functions below are the ring-level reads and writes of
 * both guests and of the announce/re-check half of waiter_aware and
 * waiter_handoff, over struct mbx_abi_mailbox and plain values. sim/guest.c
 * is built from them, and so are the litmus programs (tests/litmus/), which
 * GenMC checks under RC11: a change here changes what is checked.
 *
 * A drain pass is begin, take, finish (mbx_guest_drain is exactly those):
 *   begin   reference: head (acquire), tail (acquire)
 *           corrected: flag exchange (seq_cst), head, tail (acquire)
 *   take    read the slots of head..tail (corrected: stop at an unpublished 0)
 *   finish  head (release); reference: flag = 0 (relaxed) last
 * The mbx__guest_* functions run those steps for a struct mbx_guest (with its
 * counters and its variant's host-side structure), so the deterministic
 * interleaving tests can run host steps between them.
 *
 * Edges (labels shared with ring/overwriting.h, ring/sequenced.h, ring/wake.h;
 * each followed by the tests/litmus/ programs that prove it):
 *   A-TAIL        tail (acquire); pairs with R-TAIL, the host's claim, when
 *                 its order has a release half. Does not cover the slots.
 *                 publication.c, drain-lost-wakeup.c, sequenced-flag.c.
 *   A-FLAG        corrected: flag exchange to 0 (seq_cst); pairs with R-FLAG.
 *                 sequenced-flag.c, drain-lost-wakeup.c.
 *   A-SEQ-SLOT    corrected: slot (acquire); pairs with R-SEQ-SLOT / R-SLOT.
 *                 publication.c, sequenced-flag.c, sequenced-full.c.
 *   R-HEAD        head (release); pairs with A-HEAD in the sequenced claim.
 *                 sequenced-full.c.
 *   F-WAKE-GUEST  announce: store waiter, fence, load flag; pairs with
 *                 F-WAKE-HOST (ring/wake.h). wake-waiter.c.
 *
 * MBX_LITMUS_DROP_FENCE_GUEST (litmus builds only, never a library build)
 * removes F-WAKE-GUEST, so a litmus test shows the lost wake-up it prevents.
 */
#ifndef MBX_RING_GUEST_STEPS_H
#define MBX_RING_GUEST_STEPS_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include <mbx/abi.h>

/* Reference begin: head (acquire, as the reference does; only the guest writes it). */
static inline uint32_t mbx__steps_reference_head(struct mbx_abi_mailbox *box)
{
	/* Acquire as the reference; only the guest writes head: pairs with nothing. */
	return atomic_load_explicit(&box->head, memory_order_acquire);
}

/* Corrected begin: clear the flag before reading tail, so any later raise re-raises it. */
static inline void mbx__steps_corrected_clear_flag(struct mbx_abi_mailbox *box)
{
	/* A-FLAG: pairs with R-FLAG (ring/sequenced.h, ring/overwriting.h). */
	atomic_exchange_explicit(&box->flag, 0u, memory_order_seq_cst);
}

/* Corrected begin: head, after the flag exchange. */
static inline uint32_t mbx__steps_corrected_head(struct mbx_abi_mailbox *box)
{
	/* Relaxed: only the guest writes head. */
	return atomic_load_explicit(&box->head, memory_order_relaxed);
}

/* Both guests' begin: tail. */
static inline uint32_t mbx__steps_tail(struct mbx_abi_mailbox *box)
{
	/* A-TAIL: pairs with R-TAIL. It does not cover the slots: the publication race. */
	return atomic_load_explicit(&box->tail, memory_order_acquire);
}

/* Positions tail ran ahead of the ring: overwritten before the guest read them. */
static inline uint32_t mbx__steps_overrun(uint32_t head, uint32_t tail)
{
	return tail - head > MBX_CAPACITY ? tail - head - MBX_CAPACITY : 0;
}

/* Reference take: one slot, whatever it holds. */
static inline uint32_t mbx__steps_reference_read(struct mbx_abi_mailbox *box, uint32_t position)
{
	/* Relaxed, as the reference: a slot read can precede its store (stale). */
	return atomic_load_explicit(&box->ring[mbx_slot_index(position)], memory_order_relaxed);
}

/*
 * Corrected take: one slot; MBX_TASK_ID_NONE when it is claimed but not yet
 * published (the pass stops there), else its id, and the slot is freed.
 */
static inline uint32_t mbx__steps_corrected_take(struct mbx_abi_mailbox *box, uint32_t position)
{
	_Atomic uint32_t *slot = &box->ring[mbx_slot_index(position)];
	/* A-SEQ-SLOT: pairs with R-SEQ-SLOT (R-SLOT when release); 0: not yet published. */
	uint32_t id = atomic_load_explicit(slot, memory_order_acquire);

	if (id != MBX_TASK_ID_NONE)
		/* Relaxed: R-HEAD in finish orders the clear before the slot is reused. */
		atomic_store_explicit(slot, MBX_TASK_ID_NONE, memory_order_relaxed);
	return id;
}

/* Both guests' finish: every slot below head has been read (and cleared, corrected). */
static inline void mbx__steps_publish_head(struct mbx_abi_mailbox *box, uint32_t head)
{
	/* R-HEAD: pairs with A-HEAD in the sequenced claim. */
	atomic_store_explicit(&box->head, head, memory_order_release);
}

/* Reference finish: flag = 0, last. */
static inline void mbx__steps_reference_clear_flag(struct mbx_abi_mailbox *box)
{
	/* Relaxed, as the reference, and last: erases a flag raised since the tail read. */
	atomic_store_explicit(&box->flag, 0u, memory_order_relaxed);
}

/*
 * waiter_aware and waiter_handoff, before sleeping: announce (waiter = 1),
 * then re-check the flag. True: sleep (the flag is still 0). The caller
 * withdraws with mbx__steps_withdraw after the sleep, or at once.
 */
static inline bool mbx__steps_announce(struct mbx_abi_mailbox *box)
{
	/* Relaxed: ordered before the flag load by F-WAKE-GUEST. */
	atomic_store_explicit(&box->waiter, 1u, memory_order_relaxed);
#ifndef MBX_LITMUS_DROP_FENCE_GUEST
	/* F-WAKE-GUEST: pairs with F-WAKE-HOST in ring/wake.h (Dekker: store waiter, load flag). */
	atomic_thread_fence(memory_order_seq_cst);
#endif
	/* Relaxed: ordered by F-WAKE-GUEST; the futex re-checks its word atomically. */
	return atomic_load_explicit(&box->flag, memory_order_relaxed) == 0;
}

static inline void mbx__steps_withdraw(struct mbx_abi_mailbox *box)
{
	/* Relaxed: withdraws the announcement; a stale 1 costs the host one spurious wake. */
	atomic_store_explicit(&box->waiter, 0u, memory_order_relaxed);
}

/* The drain pass of a struct mbx_guest (sim/guest.c), for the interleaving tests. */
struct mbx_guest;

struct mbx__drain_pass {
	struct mbx_abi_mailbox *box;
	uint32_t head;
	uint32_t tail;
	uint32_t overrun;
	uint32_t taken;
};

void mbx__guest_begin(struct mbx_guest *guest, struct mbx__drain_pass *pass);
void mbx__guest_take(struct mbx_guest *guest, struct mbx__drain_pass *pass);
void mbx__guest_finish(struct mbx_guest *guest, struct mbx__drain_pass *pass);

#endif /* MBX_RING_GUEST_STEPS_H */
