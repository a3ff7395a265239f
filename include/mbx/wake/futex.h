/* SPDX-License-Identifier: MIT */
/*
 * The wake policy "futex": FUTEX_WAKE (shared, the reference's non-private
 * futex) on every enqueue, whether or not the guest sleeps. One unit:
 *
 *   host half   after the variant's publish step (which raised the flag):
 *                 c11        mbx__c11_wake_futex        seed, seq_cst, relaxed,
 *                                                       release, sequenced, wfcq
 *                 announced  mbx__announced_wake_futex  announced (raises the
 *                                                       flag itself: its publish
 *                                                       does not)
 *                 urcu       mbx__urcu_wake_futex       urcu: liburcu's spelling,
 *                                                       ring/urcu/urcu_variant.c only
 *   guest half  (sim/guest.c, MBX__WAKE_GUEST) the plain guest sleeps in
 *               FUTEX_WAIT(flag, 0); the batched guest clears the flag, then
 *               sleeps the same way.
 *
 * Edges: none of its own. The flag is the futex word: the kernel re-reads it
 * under its bucket lock, so a raise (the variant's R-FLAG / R-ANN-FLAG)
 * that lands before the FUTEX_WAIT makes it return at once, and one after it
 * is followed by this wake.
 *
 * Not on its own: <mbx/inline.h> includes it (through <mbx/wake/enqueues.h>)
 * after what it calls (mbx_fast_futex_wake, the announced steps).
 */
#ifndef MBX_WAKE_FUTEX_H
#define MBX_WAKE_FUTEX_H

#define MBX__WAKE_FUTEX_PURPOSE "FUTEX_WAKE (shared) on every enqueue: the reference"

static inline void mbx__c11_wake_futex(struct mbx_mailbox *mailbox, struct mbx_abi_mailbox *box)
{
	(void)mailbox;
	mbx_fast_futex_wake(&box->flag, true);
}

static inline void mbx__announced_wake_futex(struct mbx_mailbox *mailbox,
                                             struct mbx_abi_mailbox *box)
{
	mbx__announced_raise(box); /* R-ANN-FLAG */
	mbx__c11_wake_futex(mailbox, box);
}

#ifdef MBX__WAKE_URCU
/* liburcu's spelling: urcu's futex helper, the same system call. */
static inline void mbx__urcu_wake_futex(struct mbx_mailbox *mailbox, struct mbx_abi_mailbox *box)
{
	(void)mailbox;
	futex_async(mbx__urcu_futex_word(&box->flag), FUTEX_WAKE, 1, NULL, NULL, 0);
}
#endif

#ifdef MBX__WAKE_GUEST
/* Guest half: both guests sleep on the flag while it reads 0 (the batched one clears it first). */
static enum mbx_status mbx__guest_sleep_futex(struct mbx_guest *guest, struct mbx_abi_mailbox *box,
                                              uint64_t timeout_ns)
{
	(void)guest;
	return mbx__futex_wait(&box->flag, 0u, timeout_ns, true);
}

static const struct mbx__guest_wake mbx__guest_wake_futex = {
    .wait = mbx__guest_sleep_futex,
    .batched_sleep = mbx__guest_sleep_futex,
    .batched_clear_flag = true, /* the host raises it: A-ANN-FLAG before the re-check */
    .batched_announce = false,
};
#endif

#endif /* MBX_WAKE_FUTEX_H */
