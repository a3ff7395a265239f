/* SPDX-License-Identifier: MIT */
/*
 * The wake policy "notify": a host-side condition variable with a permit,
 * the C analogue of the reference's tokio Notify. The waker signals the
 * mailbox's notify object (a mutex, a condition variable and a permit,
 * ring/mailbox.c), out of line: it lives in the opaque mailbox. One unit:
 *
 *   host half   mbx_fast_notify(mailbox), in every family (c11, announced,
 *               urcu: a library call, nothing to spell in liburcu's
 *               primitives), so the three names are one function:
 *               mbx__c11_wake_notify.
 *   guest half  (sim/guest.c, MBX__WAKE_GUEST) the plain guest waits for the
 *               signal (mbx_mailbox_wait_for_signal) when the flag reads 0;
 *               the batched guest waits for it after its re-check of tail.
 *
 * Edges: none in guest memory. The mutex orders the signal and the wait; the
 * permit keeps a signal that came before the wait, so none is lost.
 *
 * Not on its own: <mbx/inline.h> includes it (through <mbx/wake/enqueues.h>).
 */
#ifndef MBX_WAKE_NOTIFY_H
#define MBX_WAKE_NOTIFY_H

#define MBX__WAKE_NOTIFY_PURPOSE "host-side condition variable with a permit (like Notify)"

static inline void mbx__c11_wake_notify(struct mbx_mailbox *mailbox, struct mbx_abi_mailbox *box)
{
	(void)box;
	mbx_fast_notify(mailbox);
}

/* The other families signal the same way. */
#define mbx__announced_wake_notify mbx__c11_wake_notify
#define mbx__urcu_wake_notify      mbx__c11_wake_notify

#ifdef MBX__WAKE_GUEST
/* Guest half, the plain guest: wait for the signal unless the flag already shows work. */
static enum mbx_status mbx__guest_wait_notify(struct mbx_guest *guest, struct mbx_abi_mailbox *box,
                                              uint64_t timeout_ns)
{
	/* Relaxed: a hint; the permit is never lost, so a stale 0 only means one more wait. */
	if (atomic_load_explicit(&box->flag, memory_order_relaxed) != 0)
		return MBX_OK;
	return mbx_mailbox_wait_for_signal(guest->mailbox, timeout_ns);
}

/* The batched guest, after its re-check of tail: wait for the signal. */
static enum mbx_status mbx__guest_sleep_notify(struct mbx_guest *guest, struct mbx_abi_mailbox *box,
                                               uint64_t timeout_ns)
{
	(void)box;
	return mbx_mailbox_wait_for_signal(guest->mailbox, timeout_ns);
}

static const struct mbx__guest_wake mbx__guest_wake_notify = {
    .wait = mbx__guest_wait_notify,
    .batched_sleep = mbx__guest_sleep_notify,
    .batched_clear_flag = false,
    .batched_announce = false,
};
#endif

#endif /* MBX_WAKE_NOTIFY_H */
