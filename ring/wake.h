/* SPDX-License-Identifier: MIT */
/*
 * Private: what a variant row needs to list its enqueue functions.
 *
 * A wake policy is one file, <mbx/wake/<policy>.h> (include/mbx/wake/): its
 * host half in each family (c11, announced, urcu: the C11 and liburcu
 * spellings side by side), its guest half (sim/guest.c) and its edges. Its
 * table row is its enumerator in enum mbx_wake_kind (<mbx/variant.h>).
 * scripts/enqueues.py writes <mbx/wake/enqueues.h> from those and the
 * variant table (ring/variant.c): the policy table MBX__WAKES, every enqueue
 * function by name, and each variant row's enqueue[] initialiser
 * MBX__ENQUEUE_ROW_<variant>, and the guest halves' table MBX__GUEST_WAKES.
 * <mbx/inline.h> includes it.
 *
 * Each family's spelling compiles where its primitives are: the c11 and
 * announced halves everywhere <mbx/inline.h> is included (C only), the urcu
 * halves where MBX__WAKE_URCU is defined (ring/urcu/urcu_variant.c, after
 * liburcu's headers and mbx__urcu_plain / mbx__urcu_futex_word), the guest
 * halves where MBX__WAKE_GUEST is (sim/guest.c, after struct mbx__guest_wake,
 * ring/futex.h, sim/guest_steps.h and its monotonic_ns).
 */
#ifndef MBX_RING_WAKE_H
#define MBX_RING_WAKE_H

#include <mbx/inline.h>

#include "futex.h"
#include "mailbox_internal.h"

#endif /* MBX_RING_WAKE_H */
