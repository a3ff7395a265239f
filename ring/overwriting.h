/* SPDX-License-Identifier: MIT */
/*
 * Private: the steps of the reference enqueue protocol, shared by the
 * variants built on it (ring/overwriting.c) and by the deterministic
 * interleaving tests, which run the steps one at a time in a chosen order.
 *
 *   1. claim    tail.fetch_add(1)        -> position
 *   2. store    ring[position % 256] = id
 *   3. raise    flag = 1
 *   (4. wake    per wake policy, ring/wake.h)
 *
 * Edges, as the seed row orders them:
 *   R-TAIL  claim is acq_rel: its release half pairs with A-TAIL, the
 *           guest's acquire load of tail; it orders nothing about the slot,
 *           which is stored after it: hence the publication race.
 *   R-SLOT  the slot store (relaxed in seed): pairs with nothing in seed; a
 *           release variant pairs it with a guest acquire of the slot.
 *   R-FLAG  flag = 1 (release): pairs with the guest's acquire read of the
 *           flag (the corrected guest's exchange); makes the slot visible to
 *           a guest that has seen the flag.
 * Nothing stops tail running more than 256 ahead of head: overwrite.
 */
#ifndef MBX_RING_OVERWRITING_H
#define MBX_RING_OVERWRITING_H

#include <stdatomic.h>

#include <mbx/abi.h>

/* R-TAIL: pairs with A-TAIL in the guest drain (when the order has a release half). */
#define MBX__OVERWRITING_CLAIM(box, order) atomic_fetch_add_explicit(&(box)->tail, 1u, order)

/* R-SLOT: pairs with the guest's slot load (acquire in the corrected guest) when release. */
#define MBX__OVERWRITING_STORE(box, position, task_id, order) \
	atomic_store_explicit(&(box)->ring[mbx_slot_index(position)], (task_id), order)

/* R-FLAG: pairs with the guest's acquire of the flag (A-FLAG in the corrected guest). */
#define MBX__OVERWRITING_RAISE(box, order) atomic_store_explicit(&(box)->flag, 1u, order)

/*
 * The variants built on these steps, one row each: X(name, tail order, slot
 * order, flag order, purpose). <mbx/inline.h> makes each row's publish step
 * (mbx__publish_<name>), ring/overwriting.c its table row.
 */
#define MBX__OVERWRITING_VARIANTS(X)                                   \
	X(seed, acq_rel, relaxed, release, "the reference, as is")     \
	X(seq_cst, seq_cst, seq_cst, seq_cst, "conservative baseline") \
	X(relaxed, relaxed, relaxed, relaxed, "deliberately too weak") \
	X(release, relaxed, release, release, "minimal orders the guest can pair with")

#endif /* MBX_RING_OVERWRITING_H */
