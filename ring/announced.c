/* SPDX-License-Identifier: MIT */
/*
 * "announced": the corrected ring on the seed ABI, with a producer that
 * touches the guest's words only when it must and a guest that drains in
 * batches. Same guarantees as sequenced: never overwrites an unread slot,
 * never lets the guest take a slot before its store, MBX_E_FULL instead of
 * loss, and the hostile-guest promises of <mbx/abi.h>.
 *
 * Protocol. Slot value 0 means "free"; task ids are never 0.
 *   host  1. claim: compare tail against the host's cached copy of head
 *            (host memory, struct mbx_mailbox); only when that says full,
 *            read the guest's head and refresh the cache; still full:
 *            MBX_E_FULL (back-pressure, nothing written). Otherwise CAS tail
 *            from t to t + 1 (seq_cst); the winner owns position t.
 *         2. store the id into ring[t % 256] (release): the publication.
 *         3. the wake policy. waiter_aware / waiter_handoff: load waiter
 *            (seq_cst, no fence); 1: the guest announced a sleep: raise the
 *            flag and FUTEX_WAKE it (waiter_aware), or clear waiter and
 *            FUTEX_WAKE that (waiter_handoff). futex, futex_private: raise
 *            and wake on every enqueue. spin: nothing. notify: signal.
 *   guest (corrected, batched: sim/guest_steps.h) takes slots from head
 *         while they are non-zero; at an empty head, when the first slot
 *         above it that it has not taken is published (a peek) or a wait saw
 *         claims beyond head that no scan saw, it reads tail and takes the
 *         ids published beyond a hole (a claimed, unpublished slot),
 *         remembering them in a private bitmap; head only advances over the
 *         contiguous taken prefix, and is stored lazily (every 32 ids, when
 *         a wait polls for long, and before it sleeps), after the slots
 *         taken in a row are cleared (those beyond a hole are cleared when
 *         taken). While ids come in a row the guest neither reads nor writes
 *         the line of tail (the claim's CAS) but every 32 ids.
 *         Before sleeping: clear the
 *         flag (exchange), announce (waiter = 1, seq_cst), re-load tail
 *         (seq_cst); sleep only if tail == head. A claim seen whose slot is
 *         still 0 is a hole: the guest yields and polls, never sleeps on it.
 *
 * Edges (each checked by GenMC under RC11: the tests in tests/litmus/):
 *   C-TAIL      the claim's CAS (seq_cst): the store half of the Dekker pair
 *               D-HOST / D-GUEST. announced-aware, announced-handoff.
 *   D-HOST      the host's waiter load (seq_cst) after C-TAIL; pairs with
 *               D-GUEST, the guest's seq_cst store of waiter then seq_cst
 *               load of tail: in the single total order S either the host
 *               reads the announcement, or the guest's tail load reads the
 *               claim and it does not sleep. announced-aware,
 *               announced-handoff; a relaxed load is refuted
 *               (announced-relaxed-waiter), and so is a guest that does not
 *               re-load tail after announcing (announced-no-recheck).
 *   A-HEAD      the claim's acquire of the guest's head (only when the cache
 *               says full); pairs with R-HEAD in the batched guest: every
 *               slot below head was read and cleared. announced-full.
 *   R-SEEN      the cache's release store; pairs with A-SEEN, its acquire
 *               load: hands what one producer's head load saw to the others.
 *               announced-full-2p.
 *   A-SEEN      pairs with R-SEEN.
 *   R-ANN-SLOT  the slot store (release); pairs with A-SEQ-SLOT, the guest's
 *               acquire of a non-zero slot (the corrected take). announced-*.
 *   R-ANN-FLAG  the raise, an RMW (release), as sequenced's; pairs
 *               with A-ANN-FLAG, the guest's exchange before it sleeps (it
 *               orders the raise after the clear for futex policies).
 *               announced-futex.
 *   Beyond a hole: a slot the guest took above head cannot be reused before
 *   head passes it, since no producer claims past head + 256
 *   (announced-hole; a guest that publishes head past its holes is refuted,
 *   announced-head-past-hole).
 * On x86 the awake enqueue is one locked instruction (the CAS) and plain
 * movs; no fence on either side of the awake path.
 * Progress: lock-free; the claim loop retries only when another producer
 * advanced tail or the head it read changed. A guest that lies about head
 * can make the host see "full" or overwrite the guest's own unread slots,
 * never write outside the ring; a lying waiter costs spurious wakes.
 */
#include "variant_rows.h"
#include "wake.h"

/* The publish step, mbx__publish_announced, is in <mbx/inline.h>; the functions: <mbx/wake/enqueues.h>. */
const struct mbx_variant mbx__variant_announced = {
    .name = "announced",
    .tail_order = "cas seq_cst vs cached head",
    .slot_order = "release",
    .flag_order = "waiter seq_cst; xchg release when announced",
    .purpose = "corrected ring, fence-free awake path: wakes only an announced sleep; "
               "batched guest takes beyond holes",
    .overwrites = false,
    .opaque_to_tsan = false,
    .structure = NULL,
    .enqueue = MBX__ENQUEUE_ROW_announced,
};
