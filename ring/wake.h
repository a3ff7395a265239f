/* SPDX-License-Identifier: MIT */
/*
 * Private: the wake policies. The host half of each in C11 atomics (the
 * "c11" family, mbx__c11_wake_<wake>) is in <mbx/inline.h>, where the inline
 * enqueue functions use it; ring/urcu/urcu_variant.c has the same policies
 * on liburcu's primitives. Called after a variant has published an id and
 * raised the flag. Here: why they look as they do, the list of policies, and
 * the templates that join a publish step to every wake policy of a family.
 *
 * waiter_aware uses two words and a seq_cst fence on each side (Dekker):
 *   host:  flag = 1 (publish)   F-WAKE-HOST   load waiter  -> wake if 1
 *   guest: waiter = 1           F-WAKE-GUEST  load flag    -> sleep if 0
 * Without the fences each side's store can sit in its store buffer while its
 * load reads the old value of the other word (x86 allows store->load
 * reordering): the host sees waiter == 0 and skips the wake, the guest sees
 * flag == 0 and sleeps with work pending: a lost wake-up. With both fences in
 * the single total order S, at least one side sees the other's store.
 * Why not one word with both bits (a fetch_or on the flag)? The flag keeps the
 * reference's 0/1 meaning, so a reference guest still reads it; the waiter
 * word is the ABI's unused word 0; and the host's RMW would cost a locked
 * instruction just like the fence does, on every enqueue.
 *
 * waiter_handoff is liburcu's call_rcu worker protocol on the same two words:
 *   host:  flag = 1   F-WAKE-HOST   load waiter -> if 1: waiter = 0, FUTEX_WAKE(waiter)
 *   guest: waiter = 1 F-WAKE-GUEST  load flag   -> if 0: FUTEX_WAIT(waiter, 1)
 * The guest sleeps on the waiter word, not the flag, so the waker's clear is
 * itself a wake: a FUTEX_WAIT that comes after it returns at once. The first
 * waker takes the announcement and later ones see 0: one system call per
 * sleep, where waiter_aware makes one per enqueue for as long as the guest
 * sleeps. Two wakers that both read 1 both clear and wake (a spare system
 * call, never a lost wake-up); a clear that lands after the guest announced
 * its next sleep wakes that sleep early (the guest drains nothing and sleeps
 * again).
 */
#ifndef MBX_RING_WAKE_H
#define MBX_RING_WAKE_H

#include <mbx/inline.h>

#include "futex.h"
#include "mailbox_internal.h"

/* The wake policies in enum mbx_wake_kind order: X(arg, name, KIND, purpose). */
#define MBX__WAKES(X, arg)                                                                 \
	X(arg, futex, FUTEX, "FUTEX_WAKE (shared) on every enqueue: the reference")        \
	X(arg, futex_private, FUTEX_PRIVATE, "FUTEX_WAKE_PRIVATE on every enqueue")        \
	X(arg, waiter_aware, WAITER_AWARE, "system call only when the guest sleeps")       \
	X(arg, spin, SPIN, "no system call; the guest polls the flag")                     \
	X(arg, notify, NOTIFY, "host-side condition variable with a permit (like Notify)") \
	X(arg, waiter_handoff, WAITER_HANDOFF,                                             \
	  "the first waker takes the guest's announcement: one system call per sleep (call_rcu)")

/*
 * One enqueue function per (publish step, wake policy), its orders fixed at
 * compile time: mbx__enqueue_<publish>_<wake> calls mbx__publish_<publish>,
 * then mbx__<family>_wake_<wake>. pair is (publish, family).
 */
#define MBX__PAIR_FIRST(first, second)  first
#define MBX__PAIR_SECOND(first, second) second
#define MBX__DEFINE_ENQUEUE_NAMED(publish, family, wake)                                \
	static enum mbx_status mbx__enqueue_##publish##_##wake(                         \
	    struct mbx_mailbox *mailbox, struct mbx_abi_mailbox *box, uint32_t task_id) \
	{                                                                               \
		enum mbx_status status = mbx__publish_##publish(mailbox, box, task_id); \
		if (status == MBX_OK)                                                   \
			mbx__##family##_wake_##wake(mailbox, box);                      \
		return status;                                                          \
	}
/* An extra level so MBX__PAIR_* expand before ## pastes their results. */
#define MBX__DEFINE_ENQUEUE_EXPANDED(publish, family, wake) \
	MBX__DEFINE_ENQUEUE_NAMED(publish, family, wake)
#define MBX__DEFINE_ENQUEUE(pair, wake, kind, purpose) \
	MBX__DEFINE_ENQUEUE_EXPANDED(MBX__PAIR_FIRST pair, MBX__PAIR_SECOND pair, wake)
/* Every wake policy of family joined to mbx__publish_<publish>. */
#define MBX__DEFINE_ENQUEUES(publish, family) MBX__WAKES(MBX__DEFINE_ENQUEUE, (publish, family))

#define MBX__ENQUEUE_ENTRY(publish, wake, kind, purpose) \
	[MBX_WAKE_##kind] = mbx__enqueue_##publish##_##wake,
/* The enqueue[] initialiser of a variant row whose publish step is mbx__publish_<publish>. */
#define MBX__ENQUEUE_ROW(publish)                       \
	{                                               \
		MBX__WAKES(MBX__ENQUEUE_ENTRY, publish) \
	}

/*
 * The enqueue[] initialiser of a C11 variant row: the functions
 * mbx__enqueue_<variant>_<wake>_at of <mbx/inline.h>, so every row runs the
 * inline functions themselves.
 */
#define MBX__INLINE_ENTRY(variant, wake, kind, purpose) \
	[MBX_WAKE_##kind] = mbx__enqueue_##variant##_##wake##_at,
#define MBX__INLINE_ROW(variant)                       \
	{                                              \
		MBX__WAKES(MBX__INLINE_ENTRY, variant) \
	}

#endif /* MBX_RING_WAKE_H */
