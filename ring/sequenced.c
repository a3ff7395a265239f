/* SPDX-License-Identifier: MIT */
/*
 * "sequenced": a corrected ring on the same ABI. It never overwrites an unread
 * slot and never lets the guest take a slot before its store.
 *
 * Protocol. Slot value 0 means "free"; task ids are never 0.
 *   host  1. claim: read head; if tail - head == 256 the ring is full: return
 *            MBX_E_FULL (back-pressure, nothing written). Otherwise CAS tail
 *            from t to t + 1; the winner owns position t.
 *         2. store the id into ring[t % 256] (release): the publication.
 *         3. flag = 1 by an RMW (exchange, release), then the wake policy.
 *   guest (corrected) clears the flag (seq_cst exchange), reads tail, takes
 *         slots from head while they are non-zero, clearing each to 0, stops
 *         at the first 0 (claimed, not yet published: that producer's raise
 *         brings the guest back), then stores head (release).
 *
 * Edges (each checked by GenMC under RC11: the tests in tests/litmus/):
 *   A-HEAD      claim's acquire of head; pairs with R-HEAD in the guest: every
 *               slot below head was read and cleared, so ring[t % 256] is free
 *               when t - head < 256 (the clear happens-before our store).
 *               sequenced-full.
 *   R-SEQ-SLOT  the slot store (release); pairs with A-SEQ-SLOT in the guest:
 *               a guest that sees the id sees it whole, and never sees the
 *               previous lap's id (it cleared that itself). sequenced-flag-*,
 *               sequenced-full.
 *   R-FLAG      the raise, an RMW (release); pairs with A-FLAG, the guest's
 *               exchange, which then synchronises with this raise and every
 *               earlier one (an RMW continues their release sequences): it
 *               sees every slot stored and every claim made before any raise
 *               it consumed. sequenced-flag-2p, -3p. With a plain release
 *               store it did not: the guest could sleep with an earlier
 *               raiser's id pending (sequenced-plain-raise-2p is violated, and
 *               so is an RMW only when the flag reads 0,
 *               sequenced-raise-if-clear-2p).
 *   The CAS on tail is relaxed: the claim only needs atomicity; publication is
 *   carried by the slot, freedom of the slot by head, and the freshness of the
 *   tail the guest reads by R-FLAG (the raise follows the claim).
 * Progress: lock-free; the claim loop retries only when another producer
 * advanced tail. A guest that lies about head can make the host see "full" or
 * overwrite the guest's own unread slots, never write outside the ring.
 */
#include "sequenced.h"
#include "variant_rows.h"
#include "wake.h"

/* The publish step, mbx__publish_sequenced, is in <mbx/inline.h>; the functions: <mbx/wake/enqueues.h>. */
const struct mbx_variant mbx__variant_sequenced = {
    .name = "sequenced",
    .tail_order = "cas relaxed",
    .slot_order = "release",
    .flag_order = "xchg release",
    .purpose = "corrected ring: per-slot publication, full ring -> back-pressure",
    .overwrites = false,
    .opaque_to_tsan = false,
    .structure = NULL,
    .enqueue = MBX__ENQUEUE_ROW_sequenced,
};
