/* SPDX-License-Identifier: MIT */
/*
 * Private: the host half of each wake policy, called after a variant has
 * published an id and raised the flag, plus the one template that joins a
 * variant's publish step to every wake policy.
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
 */
#ifndef MBX_RING_WAKE_H
#define MBX_RING_WAKE_H

#include "futex.h"
#include "mailbox_internal.h"

static inline void mbx__wake_futex(struct mbx_mailbox *mailbox, struct mbx_abi_mailbox *box)
{
	(void)mailbox;
	mbx__futex_wake(&box->flag, true);
}

static inline void mbx__wake_futex_private(struct mbx_mailbox *mailbox, struct mbx_abi_mailbox *box)
{
	(void)mailbox;
	mbx__futex_wake(&box->flag, false);
}

static inline void mbx__wake_waiter_aware(struct mbx_mailbox *mailbox, struct mbx_abi_mailbox *box)
{
	(void)mailbox;
	/* F-WAKE-HOST: orders the flag store before the waiter load; pairs with F-WAKE-GUEST. */
	atomic_thread_fence(memory_order_seq_cst);
	/* Relaxed: ordered by F-WAKE-HOST; a stale 1 costs one spurious wake, never a lost one. */
	if (atomic_load_explicit(&box->waiter, memory_order_relaxed) != 0)
		mbx__futex_wake(&box->flag, true);
}

static inline void mbx__wake_spin(struct mbx_mailbox *mailbox, struct mbx_abi_mailbox *box)
{
	(void)mailbox;
	(void)box;
}

static inline void mbx__wake_notify(struct mbx_mailbox *mailbox, struct mbx_abi_mailbox *box)
{
	(void)box;
	mbx__notify_signal(&mailbox->notify);
}

/* The wake policies in enum mbx_wake_kind order: X(arg, name, KIND, purpose). */
#define MBX__WAKES(X, arg)                                                           \
	X(arg, futex, FUTEX, "FUTEX_WAKE (shared) on every enqueue: the reference")  \
	X(arg, futex_private, FUTEX_PRIVATE, "FUTEX_WAKE_PRIVATE on every enqueue")  \
	X(arg, waiter_aware, WAITER_AWARE, "system call only when the guest sleeps") \
	X(arg, spin, SPIN, "no system call; the guest polls the flag")               \
	X(arg, notify, NOTIFY, "host-side condition variable with a permit (like Notify)")

/* One enqueue function per (publish step, wake policy): orders fixed at compile time. */
#define MBX__DEFINE_ENQUEUE(publish, wake, kind, purpose)                                   \
	static enum mbx_status mbx__enqueue_##publish##_##wake(struct mbx_mailbox *mailbox, \
	                                                       uint32_t task_id)            \
	{                                                                                   \
		struct mbx_abi_mailbox *box = mbx__mailbox_box(mailbox);                    \
		enum mbx_status status = mbx__publish_##publish(box, task_id);              \
		if (status == MBX_OK)                                                       \
			mbx__wake_##wake(mailbox, box);                                     \
		return status;                                                              \
	}
#define MBX__DEFINE_ENQUEUES(publish) MBX__WAKES(MBX__DEFINE_ENQUEUE, publish)

#define MBX__ENQUEUE_ENTRY(publish, wake, kind, purpose) \
	[MBX_WAKE_##kind] = mbx__enqueue_##publish##_##wake,
/* The enqueue[] initialiser of a variant row whose publish step is mbx__publish_<publish>. */
#define MBX__ENQUEUE_ROW(publish)                       \
	{                                               \
		MBX__WAKES(MBX__ENQUEUE_ENTRY, publish) \
	}

#endif /* MBX_RING_WAKE_H */
