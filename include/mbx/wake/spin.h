/* SPDX-License-Identifier: MIT */
/*
 * The wake policy "spin": no wake at all. The host publishes and returns;
 * the guest polls. No system call on either side, and a guest that burns its
 * core while it waits. One unit:
 *
 *   host half   nothing, in every family (c11, announced, urcu: there is no
 *               barrier or call to spell), so the three names are one function:
 *               mbx__c11_wake_spin.
 *   guest half  (sim/guest.c, MBX__WAKE_GUEST) the plain guest polls the flag
 *               (relaxed, yielding) until it is raised; the batched guest
 *               never sleeps and never clears the flag: it polls the slot at
 *               head and tail (announced raises no flag under spin).
 *
 * Edges: none. The poll is a hint; the drain that follows orders its own
 * reads (A-TAIL, A-FLAG, A-SEQ-SLOT in sim/guest_steps.h).
 *
 * Not on its own: <mbx/inline.h> includes it (through <mbx/wake/enqueues.h>).
 */
#ifndef MBX_WAKE_SPIN_H
#define MBX_WAKE_SPIN_H

#define MBX__WAKE_SPIN_PURPOSE "no system call; the guest polls the flag"

static inline void mbx__c11_wake_spin(struct mbx_mailbox *mailbox, struct mbx_abi_mailbox *box)
{
	(void)mailbox;
	(void)box;
}

/* The other families' spelling of nothing is the same nothing. */
#define mbx__announced_wake_spin mbx__c11_wake_spin
#define mbx__urcu_wake_spin      mbx__c11_wake_spin

#ifdef MBX__WAKE_GUEST
/*
 * Guest half, the plain guest: poll the flag, yielding, until it is raised or
 * the deadline (sim/guest.c's monotonic_ns).
 */
static enum mbx_status mbx__guest_wait_spin(struct mbx_guest *guest, struct mbx_abi_mailbox *box,
                                            uint64_t timeout_ns)
{
	uint64_t deadline = monotonic_ns() + timeout_ns;

	(void)guest;
	/* Relaxed: the drain that follows orders its own reads (A-TAIL, A-FLAG). */
	while (atomic_load_explicit(&box->flag, memory_order_relaxed) == 0) {
		if (monotonic_ns() >= deadline)
			return MBX_E_TIMEOUT;
		sched_yield();
	}
	return MBX_OK;
}

/* The batched guest never sleeps (no batched_sleep): it polls the ring (sim/guest.c). */
static const struct mbx__guest_wake mbx__guest_wake_spin = {
    .wait = mbx__guest_wait_spin,
    .batched_sleep = NULL,
    .batched_clear_flag = false,
    .batched_announce = false,
};
#endif

#endif /* MBX_WAKE_SPIN_H */
