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
 *         3. flag = 1 (release), then the wake policy.
 *   guest (corrected) clears the flag (seq_cst exchange), reads tail, takes
 *         slots from head while they are non-zero, clearing each to 0, stops
 *         at the first 0 (claimed, not yet published: that producer's flag
 *         store brings the guest back), then stores head (release).
 *
 * Edges:
 *   A-HEAD      claim's acquire of head; pairs with R-HEAD in the guest: every
 *               slot below head was read and cleared, so ring[t % 256] is free
 *               when t - head < 256 (the clear happens-before our store).
 *   R-SEQ-SLOT  the slot store (release); pairs with A-SEQ-SLOT in the guest:
 *               a guest that sees the id sees it whole, and never sees the
 *               previous lap's id (it cleared that itself).
 *   R-FLAG      as in every variant (ring/overwriting.h).
 *   The CAS on tail is relaxed: the claim only needs atomicity; publication is
 *   carried by the slot, and freedom of the slot by head.
 * Progress: lock-free; the claim loop retries only when another producer
 * advanced tail. A guest that lies about head can make the host see "full" or
 * overwrite the guest's own unread slots, never write outside the ring.
 */
#include "sequenced.h"
#include "variant_rows.h"
#include "wake.h"

/* The publish step, mbx__publish_sequenced, and the enqueue functions are in <mbx/inline.h>. */
const struct mbx_variant mbx__variant_sequenced = {
    .name = "sequenced",
    .tail_order = "cas relaxed",
    .slot_order = "release",
    .flag_order = "release",
    .purpose = "corrected ring: per-slot publication, full ring -> back-pressure",
    .overwrites = false,
    .opaque_to_tsan = false,
    .structure = NULL,
    .enqueue = MBX__INLINE_ROW(sequenced),
};
