/* SPDX-License-Identifier: MIT */
/*
 * The wake policy "futex_private": futex's protocol with FUTEX_WAKE_PRIVATE
 * and FUTEX_WAIT_PRIVATE, which skip the kernel's shared-mapping lookup; only
 * right when host and guest share one address space (they do here). One unit:
 *
 *   host half   after the variant's publish step:
 *                 c11        mbx__c11_wake_futex_private        the C11 rows, wfcq
 *                 announced  mbx__announced_wake_futex_private  announced (raises
 *                                                               the flag first)
 *                 urcu       mbx__urcu_wake_futex_private       urcu (liburcu's
 *                                                               spelling)
 *   guest half  (sim/guest.c, MBX__WAKE_GUEST) FUTEX_WAIT_PRIVATE(flag, 0);
 *               the batched guest clears the flag first.
 *
 * Edges: none of its own, as futex (<mbx/wake/futex.h>): the kernel re-reads
 * the flag, the futex word, under its bucket lock.
 *
 * Not on its own: <mbx/inline.h> includes it (through <mbx/wake/enqueues.h>).
 */
#ifndef MBX_WAKE_FUTEX_PRIVATE_H
#define MBX_WAKE_FUTEX_PRIVATE_H

#define MBX__WAKE_FUTEX_PRIVATE_PURPOSE "FUTEX_WAKE_PRIVATE on every enqueue"

static inline void mbx__c11_wake_futex_private(struct mbx_mailbox *mailbox,
                                               struct mbx_abi_mailbox *box)
{
	(void)mailbox;
	mbx_fast_futex_wake(&box->flag, false);
}

static inline void mbx__announced_wake_futex_private(struct mbx_mailbox *mailbox,
                                                     struct mbx_abi_mailbox *box)
{
	(void)mailbox;
	mbx__announced_raise(box); /* R-ANN-FLAG */
	mbx_fast_futex_wake(&box->flag, false);
}

#ifdef MBX__WAKE_URCU
/* liburcu's spelling: urcu's futex helper, FUTEX_WAKE_PRIVATE. */
static inline void mbx__urcu_wake_futex_private(struct mbx_mailbox *mailbox,
                                                struct mbx_abi_mailbox *box)
{
	(void)mailbox;
	futex_async(mbx__urcu_futex_word(&box->flag), FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
}
#endif

#ifdef MBX__WAKE_GUEST
/* Guest half: FUTEX_WAIT_PRIVATE on the flag while it reads 0 (the batched guest clears it first). */
static enum mbx_status mbx__guest_sleep_futex_private(struct mbx_guest *guest,
                                                      struct mbx_abi_mailbox *box,
                                                      uint64_t timeout_ns)
{
	(void)guest;
	return mbx__futex_wait(&box->flag, 0u, timeout_ns, false);
}

static const struct mbx__guest_wake mbx__guest_wake_futex_private = {
    .wait = mbx__guest_sleep_futex_private,
    .batched_sleep = mbx__guest_sleep_futex_private,
    .batched_clear_flag = true,
    .batched_announce = false,
};
#endif

#endif /* MBX_WAKE_FUTEX_PRIVATE_H */
