/* SPDX-License-Identifier: MIT */
/*
 * The wake policy "waiter_handoff": liburcu's call_rcu worker protocol
 * (call_rcu_wake_up in src/urcu-call-rcu-impl.h) on waiter_aware's two words:
 * the first waker takes the guest's announcement, so one system call per
 * sleep where waiter_aware makes one per enqueue for as long as the guest
 * sleeps. One unit:
 *
 *   host half   after the variant's publish step:
 *                 c11        mbx__c11_wake_waiter_handoff        the C11 rows, wfcq:
 *                            F-WAKE-HOST, load waiter; if 1: waiter = 0,
 *                            FUTEX_WAKE(waiter)
 *                 announced  mbx__announced_wake_waiter_handoff  announced: D-HOST
 *                            instead of the fence, then the same clear and wake
 *                 urcu       mbx__urcu_wake_waiter_handoff       urcu: cmm_smp_mb,
 *                            uatomic_read / uatomic_set, futex_async
 *   guest half  (sim/guest.c, MBX__WAKE_GUEST) announce (waiter = 1),
 *               F-WAKE-GUEST, re-check the flag, FUTEX_WAIT(waiter, 1),
 *               withdraw. The batched guest announces with D-GUEST and sleeps
 *               on the waiter word; it does not clear the flag (no host raises
 *               it under this policy on announced).
 *
 *   host:  flag = 1   F-WAKE-HOST   load waiter -> if 1: waiter = 0, FUTEX_WAKE(waiter)
 *   guest: waiter = 1 F-WAKE-GUEST  load flag   -> if 0: FUTEX_WAIT(waiter, 1)
 * The guest sleeps on the waiter word, not the flag, so the waker's clear is
 * itself a wake: a FUTEX_WAIT that comes after it returns at once. Two wakers
 * that both read 1 both clear and wake (a spare system call, never a lost
 * wake-up); a clear that lands after the guest announced its next sleep wakes
 * that sleep early (the guest drains nothing and sleeps again). Why the
 * fences: <mbx/wake/waiter_aware.h>.
 *
 * Edges: F-WAKE-HOST / F-WAKE-GUEST, waiter_aware's (the host reads the
 * waiter word with mbx__c11_waiter_announced / mbx__urcu_waiter_announced of
 * <mbx/wake/waiter_aware.h>); tests/litmus/wake-waiter.c (wake-handoff*). So
 * waiter_aware.h comes first in enum mbx_wake_kind and the include order.
 *
 * Not on its own: <mbx/inline.h> includes it (through <mbx/wake/enqueues.h>).
 */
#ifndef MBX_WAKE_WAITER_HANDOFF_H
#define MBX_WAKE_WAITER_HANDOFF_H

#define MBX__WAKE_WAITER_HANDOFF_PURPOSE \
	"the first waker takes the guest's announcement: one system call per sleep (call_rcu)"

/* The clear and the wake, once a waker has seen the announcement. */
static inline void mbx__waiter_handoff_take(struct mbx_abi_mailbox *box)
{
	/* Relaxed: the futex word itself; FUTEX_WAIT re-reads it inside the kernel. */
	atomic_store_explicit(&box->waiter, 0u, memory_order_relaxed);
	mbx_fast_futex_wake(&box->waiter, true);
}

static inline void mbx__c11_wake_waiter_handoff(struct mbx_mailbox *mailbox,
                                                struct mbx_abi_mailbox *box)
{
	(void)mailbox;
	/* F-WAKE-HOST (waiter_aware's); false: nobody sleeps, or another waker took it. */
	if (mbx__c11_waiter_announced(box))
		mbx__waiter_handoff_take(box);
}

static inline void mbx__announced_wake_waiter_handoff(struct mbx_mailbox *mailbox,
                                                      struct mbx_abi_mailbox *box)
{
	(void)mailbox;
	if (mbx__announced_guest_sleeps(box)) /* D-HOST; 0: awake, or another waker took it */
		mbx__waiter_handoff_take(box);
}

#ifdef MBX__WAKE_URCU
/* liburcu's spelling, as call_rcu_wake_up: cmm_smp_mb, uatomic_read / uatomic_set, futex_async. */
static inline void mbx__urcu_wake_waiter_handoff(struct mbx_mailbox *mailbox,
                                                 struct mbx_abi_mailbox *box)
{
	(void)mailbox;
	/* F-WAKE-HOST (cmm_smp_mb, waiter_aware's); false: nobody sleeps or another waker took it. */
	if (caa_unlikely(mbx__urcu_waiter_announced(box))) {
		/* The futex word itself: the guest's FUTEX_WAIT(waiter, 1) re-reads it. */
		uatomic_set(mbx__urcu_plain(&box->waiter), 0u);
		futex_async(mbx__urcu_futex_word(&box->waiter), FUTEX_WAKE, 1, NULL, NULL, 0);
	}
}
#endif

#ifdef MBX__WAKE_GUEST
/* Guest half: waiter_aware's announce and withdraw, asleep on the waiter word while 1. */
static enum mbx_status mbx__guest_wait_waiter_handoff(struct mbx_guest *guest,
                                                      struct mbx_abi_mailbox *box,
                                                      uint64_t timeout_ns)
{
	(void)guest;
	return mbx__guest_wait_announced(box, &box->waiter, 1u, timeout_ns);
}

/* The batched guest has announced (D-GUEST); no host raises the flag: it is not cleared. */
static enum mbx_status mbx__guest_sleep_waiter_handoff(struct mbx_guest *guest,
                                                       struct mbx_abi_mailbox *box,
                                                       uint64_t timeout_ns)
{
	(void)guest;
	/* While the announcement stands: the waker's clear of it is the wake. */
	return mbx__futex_wait(&box->waiter, 1u, timeout_ns, true);
}

static const struct mbx__guest_wake mbx__guest_wake_waiter_handoff = {
    .wait = mbx__guest_wait_waiter_handoff,
    .batched_sleep = mbx__guest_sleep_waiter_handoff,
    .batched_clear_flag = false,
    .batched_announce = true,
};
#endif

#endif /* MBX_WAKE_WAITER_HANDOFF_H */
