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
 *   A-SEQ-SLOT    corrected: slot (acquire); pairs with R-SEQ-SLOT / R-SLOT,
 *                 and R-ANN-SLOT (the batched guest takes with the same step).
 *                 publication.c, sequenced-flag.c, sequenced-full.c, announced.c.
 *   R-HEAD        head (release); pairs with A-HEAD in the sequenced claim.
 *                 sequenced-full.c.
 * The batched guest (announced, ring/announced.c), below the others:
 *   R-HEAD        head (release), lazily; pairs with A-HEAD in the announced
 *                 claim. announced-full.c, announced-hole.c.
 *   A-ANN-FLAG    flag exchange to 0 (seq_cst) before a futex or
 *                 waiter_aware sleep; pairs with R-ANN-FLAG. announced.c.
 *   D-GUEST       waiter = 1 (seq_cst), then tail (seq_cst); pairs with D-HOST
 *                 after C-TAIL (ring/announced.c): no fence. announced.c.
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
#include <mbx/guest.h>

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
	/* A-SEQ-SLOT: pairs with R-SEQ-SLOT, R-ANN-SLOT (R-SLOT when release); 0: unpublished. */
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

/*
 * The batched guest (announced). Its state is struct mbx_guest_batch: head
 * (the taken prefix), shown (the head the host can see) and beyond, a bit
 * per slot index for positions above head it already took. A slot it took
 * beyond a hole cannot be reused before head passes it: no producer claims
 * past the head it sees + 256, and the guest shows only the taken prefix.
 *
 * The guest stays off the mailbox's first cache line (waiter, flag, head,
 * tail: the line each claim's CAS writes) while ids come in a row: it reads
 * tail only to scan beyond a hole (scanned, rescan) and before it sleeps,
 * and stores head at the end of a pass that left it MBX__BATCH_SHOW_EVERY
 * or more behind, every MBX__BATCH_SHOW_IN_PASS ids within a long pass, and
 * before it waits long. Between passes the host sees at most that many slots
 * fewer than are free (and up to 15 more, the line a busy pass does not
 * clear): it answers MBX_E_FULL only when the guest has ids (or holes) to
 * go through, and shows head again as it does.
 */
#define MBX__BATCH_SHOW_EVERY   32u  /* ids behind at a pass's end before it shows head */
#define MBX__BATCH_SHOW_IN_PASS 128u /* ids between head stores within one pass */

typedef void (*mbx__batch_deliver_fn)(void *context, uint32_t task_id);

static inline bool mbx__batch_has(const struct mbx_guest_batch *batch, uint32_t position)
{
	uint32_t index = mbx_slot_index(position);

	return (batch->beyond[index / 64u] >> (index % 64u)) & 1u;
}

static inline void mbx__batch_flip(struct mbx_guest_batch *batch, uint32_t position)
{
	uint32_t index = mbx_slot_index(position);

	batch->beyond[index / 64u] ^= UINT64_C(1) << (index % 64u);
}

/*
 * Batched take, in a row from head: the slot's id, or 0 when not yet
 * published. The slot is not cleared here: mbx__steps_batched_show clears
 * the whole taken prefix at once, before it shows head, so the guest does
 * not write into the cache line a producer is still filling.
 */
static inline uint32_t mbx__steps_batched_read(struct mbx_abi_mailbox *box, uint32_t position)
{
	/* A-SEQ-SLOT: pairs with R-ANN-SLOT; 0: not yet published. */
	return atomic_load_explicit(&box->ring[mbx_slot_index(position)], memory_order_acquire);
}

/*
 * Shows the taken prefix to the host: clears the slots taken in a row since
 * the last show ([shown, head); those taken beyond a hole were cleared when
 * taken), then stores head. Nothing below shown is ever read again.
 */
static inline void mbx__steps_batched_show_to(struct mbx_abi_mailbox *box,
                                              struct mbx_guest_batch *batch, uint32_t to)
{
	for (uint32_t position = batch->shown; position != to; position++)
		/* Relaxed: R-HEAD below orders the clear before the slot is reused. */
		atomic_store_explicit(&box->ring[mbx_slot_index(position)], MBX_TASK_ID_NONE,
		                      memory_order_relaxed);
#ifdef MBX_LITMUS_HEAD_PAST_HOLE
	/* Litmus only (announced-hole.c): shows the scan frontier, past its holes: refuted. */
	uint32_t frontier = batch->head;

	for (uint32_t offset = 1; offset < MBX_CAPACITY; offset++)
		if (mbx__batch_has(batch, batch->head + offset))
			frontier = batch->head + offset + 1u;
	mbx__steps_publish_head(box, frontier); /* R-HEAD */
#else
	if (batch->shown == to)
		return;
	mbx__steps_publish_head(box, to); /* R-HEAD */
#endif
	batch->shown = to;
}

static inline void mbx__steps_batched_show(struct mbx_abi_mailbox *box,
                                           struct mbx_guest_batch *batch)
{
	mbx__steps_batched_show_to(box, batch, batch->head);
}

/*
 * The show of a busy pass: up to the start of head's cache line only. The
 * slots of that line below head stay uncleared (and unshown) until a later
 * show: the producers are still filling that line, and a clear there would
 * take it from them (their next claim waits for it back).
 */
static inline void mbx__steps_batched_show_lines(struct mbx_abi_mailbox *box,
                                                 struct mbx_guest_batch *batch)
{
	uint32_t index = mbx_slot_index(batch->head);
	/* slots of head's line below it; none across the ring's wrap (another line) */
	uint32_t below =
	    (uint32_t)(((uintptr_t)&box->ring[index] % MBX__LINE_BYTES) / MBX_SLOT_SIZE);

	mbx__steps_batched_show_to(box, batch, batch->head - (below < index ? below : index));
}

/*
 * At a head that is not published: is the first position above it that the
 * guest has not taken published? A hint (relaxed), from the slot line the
 * producers write anyway, that a producer is preempted at head while later
 * ones publish: worth reading tail and scanning. Every position in
 * [head, shown + 256) holds 0 or this lap's id (the lap below was cleared
 * before shown was stored, and no producer claims above shown + 256).
 */
static inline bool mbx__steps_batched_peek(struct mbx_abi_mailbox *box,
                                           const struct mbx_guest_batch *batch)
{
	uint32_t position = batch->head + 1u;

	while (position - batch->shown < MBX_CAPACITY && mbx__batch_has(batch, position))
		position++;
	/* Relaxed: a hint; the scan's A-SEQ-SLOT takes the id. */
	return position - batch->shown < MBX_CAPACITY &&
	       atomic_load_explicit(&box->ring[mbx_slot_index(position)], memory_order_relaxed) !=
	           MBX_TASK_ID_NONE;
}

/*
 * What a wait read of tail (the guest's hint, or its D-GUEST re-load) says:
 * claims above head that the last scan did not see. True: the next pass
 * that takes nothing at head scans beyond it (rescan).
 */
static inline bool mbx__steps_batched_note_tail(struct mbx_guest_batch *batch, uint32_t tail)
{
	if (tail != batch->scanned && tail - batch->head > 1u)
		batch->rescan = true;
	return batch->rescan;
}

/*
 * One batched pass: take slots from head while they are non-zero (or taken
 * already beyond a hole); when nothing was taken that way and there is
 * reason to (rescan, or the peek above), read tail and take what is
 * published beyond the hole. Returns the ids taken; head is shown every
 * MBX__BATCH_SHOW_IN_PASS ids taken in a row (a pass through a full ring
 * gives the producers room as it goes, not at its end; each store of head
 * takes the claim's line from the producers) and at the end of a pass that
 * left it MBX__BATCH_SHOW_EVERY or more behind.
 */
static inline uint32_t mbx__steps_batched_pass(struct mbx_abi_mailbox *box,
                                               struct mbx_guest_batch *batch,
                                               mbx__batch_deliver_fn deliver, void *context)
{
	uint32_t taken = 0;

	/*
	 * Never past shown + MBX_CAPACITY: the slots of [shown, head) still hold
	 * the ids taken in a row (cleared when shown), and a position one lap
	 * above one of them reads that stale id; no producer claims there before
	 * head is shown past it.
	 */
	while (batch->head - batch->shown < MBX_CAPACITY) {
		uint32_t id;

		if (mbx__batch_has(batch, batch->head)) {
			mbx__batch_flip(batch, batch->head++); /* taken earlier, beyond a hole */
			continue;
		}
		id = mbx__steps_batched_read(box, batch->head); /* A-SEQ-SLOT; cleared when shown */
		if (id == MBX_TASK_ID_NONE)
			break;
		deliver(context, id);
		batch->head++;
		if (++taken % MBX__BATCH_SHOW_IN_PASS == 0)
			mbx__steps_batched_show_lines(
			    box, batch); /* a long pass frees room as it goes */
	}
	if (taken == 0 && (batch->rescan || mbx__steps_batched_peek(box, batch))) {
		/* A-TAIL: pairs with R-TAIL; only bounds the scan (each slot's acquire carries its id). */
		uint32_t tail = mbx__steps_tail(box), span = tail - batch->head;

		if (span > batch->shown + MBX_CAPACITY - batch->head)
			span = batch->shown + MBX_CAPACITY -
			       batch->head; /* as above, whatever tail says */
		batch->scanned = tail;
		batch->rescan = false;
		for (uint32_t offset = 1; offset < span; offset++) {
			uint32_t position = batch->head + offset, id;

			if (mbx__batch_has(batch, position))
				continue;
			id = mbx__steps_corrected_take(box, position); /* A-SEQ-SLOT */
			if (id == MBX_TASK_ID_NONE) {
				batch->rescan =
				    true; /* another hole: scan again until it is taken */
				continue;
			}
			deliver(context, id);
			mbx__batch_flip(batch, position);
			taken++;
		}
	}
	if (batch->head - batch->shown < MBX__BATCH_SHOW_EVERY)
		return taken;
	if (taken)
		mbx__steps_batched_show_lines(box,
		                              batch); /* producers may be filling head's line */
	else
		mbx__steps_batched_show(box, batch); /* idle: all of it */
	return taken;
}

/*
 * Before the batched guest sleeps: shows head, clears the flag (futex,
 * futex_private, waiter_aware: the policies whose host raises it) and
 * announces (waiter_aware, waiter_handoff), then re-loads tail. True: sleep,
 * nothing is claimed at or beyond head. *tail receives what it read; when
 * it shows claims beyond head no scan saw, the next pass scans (rescan).
 * MBX_LITMUS_NO_RECHECK (litmus only) sleeps without re-loading tail: refuted.
 */
static inline bool mbx__steps_batched_may_sleep(struct mbx_abi_mailbox *box,
                                                struct mbx_guest_batch *batch, bool clear_flag,
                                                bool announce, uint32_t *tail)
{
	mbx__steps_batched_show(box, batch);
	if (clear_flag)
		/* A-ANN-FLAG: pairs with R-ANN-FLAG; a later raise re-raises it. */
		atomic_exchange_explicit(&box->flag, 0u, memory_order_seq_cst);
	if (announce)
		/* D-GUEST: pairs with D-HOST after C-TAIL (ring/announced.c). */
		atomic_store_explicit(&box->waiter, 1u, memory_order_seq_cst);
#ifdef MBX_LITMUS_NO_RECHECK
	*tail = batch->head; /* the refuted guest: trusts the pass it made before announcing */
#else
	/* D-GUEST: the load half; sees the claim of any producer that missed waiter = 1. */
	*tail = atomic_load_explicit(&box->tail, memory_order_seq_cst);
#endif
	if (*tail == batch->head)
		return true;
	mbx__steps_batched_note_tail(batch, *tail);
	return false;
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
