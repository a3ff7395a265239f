/* SPDX-License-Identifier: MIT */
/*
 * Private: fault points for the soak (bench/soak_run.c, docs/soak.md).
 *
 * MBX__FAULT_POINT(point) expands to nothing unless MBX_FAULT_INJECTION is
 * defined. Only the library's second instance, mbx_fault (root
 * CMakeLists.txt), is built with it, and only mbx-soak links that instance:
 * libmbx has no hook and no call (`nm libmbx.a | grep fault` is empty).
 * With it, the point calls the hook the soak installed, if any, in the
 * producer's thread at a step the protocol already splits, so the soak can
 * pause a producer exactly there:
 *
 *   MBX__FAULT_SEQUENCED_CLAIMED  sequenced: the position is claimed (tail
 *                                 advanced), its slot not yet stored; the
 *                                 guest stops at it (a head-of-line stall)
 *   MBX__FAULT_WFCQ_LINKED        wfcq: the node is linked (the guest can take
 *                                 it), the flag not yet raised (its wake-up
 *                                 comes only after the pause)
 *   MBX__FAULT_ANNOUNCED_CLAIMED  announced: the position is claimed, its slot
 *                                 not yet stored (a hole); the batched guest
 *                                 takes the ids published beyond it
 *
 * The sequenced and announced points sit in <mbx/inline.h>'s publish steps, which defines
 * MBX__FAULT_POINT as nothing unless this header came first: mbx_fault
 * includes it first in every file (-include).
 */
#ifndef MBX_RING_FAULT_H
#define MBX_RING_FAULT_H

enum mbx__fault_point {
	MBX__FAULT_SEQUENCED_CLAIMED,
	MBX__FAULT_WFCQ_LINKED,
	MBX__FAULT_ANNOUNCED_CLAIMED,
	MBX__FAULT_POINT_COUNT
};

#ifdef MBX_FAULT_INJECTION
#include <stdatomic.h>

typedef void (*mbx__fault_hook_fn)(enum mbx__fault_point point);

/* Defined in ring/fault.c; NULL: no hook. */
extern _Atomic(mbx__fault_hook_fn) mbx__fault_hook;

static inline void mbx__fault_at(enum mbx__fault_point point)
{
	/*
	 * Relaxed: the soak installs the hook before it starts the producers and
	 * clears it after joining them (thread create and join order it); no data
	 * rides on the pointer.
	 */
	mbx__fault_hook_fn hook = atomic_load_explicit(&mbx__fault_hook, memory_order_relaxed);

	if (hook)
		hook(point);
}

#define MBX__FAULT_POINT(point) mbx__fault_at(point)
#else
#define MBX__FAULT_POINT(point) ((void)0)
#endif

#endif /* MBX_RING_FAULT_H */
