/* SPDX-License-Identifier: MIT */
/*
 * The wake policy "waiter_aware": the system call only when the guest has
 * announced that it sleeps. One unit:
 *
 *   host half   after the variant's publish step:
 *                 c11        mbx__c11_wake_waiter_aware        the C11 rows, wfcq:
 *                            F-WAKE-HOST (seq_cst fence), load waiter, FUTEX_WAKE
 *                            the flag if 1
 *                 announced  mbx__announced_wake_waiter_aware  announced: no fence;
 *                            D-HOST (seq_cst load of waiter, after the claim's
 *                            seq_cst CAS C-TAIL), and only then raise and wake
 *                 urcu       mbx__urcu_wake_waiter_aware       urcu: cmm_smp_mb
 *                            (mfence) for the fence, uatomic_read, futex_async
 *   guest half  (sim/guest.c, MBX__WAKE_GUEST) announce (waiter = 1),
 *               F-WAKE-GUEST, re-check the flag, FUTEX_WAIT(flag, 0), withdraw
 *               (mbx__steps_announce / _withdraw, sim/guest_steps.h). The
 *               batched guest clears the flag, announces with D-GUEST
 *               (waiter = 1, then tail, both seq_cst) and sleeps on the flag.
 *
 * Why two words and a fence on each side (Dekker):
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
 * Edges:
 *   F-WAKE-HOST  the host's seq_cst fence between the flag store and the
 *                waiter load; pairs with F-WAKE-GUEST (sim/guest_steps.h).
 *                tests/litmus/wake-waiter.c (wake-aware*).
 *   D-HOST / D-GUEST (announced) are a seq_cst pair with no fence: ring/announced.c.
 * MBX_LITMUS_DROP_FENCE_HOST (litmus builds only, never a library build)
 * removes F-WAKE-HOST, so a litmus test shows the lost wake-up it prevents.
 *
 * Not on its own: <mbx/inline.h> includes it (through <mbx/wake/enqueues.h>).
 */
#ifndef MBX_WAKE_WAITER_AWARE_H
#define MBX_WAKE_WAITER_AWARE_H

#define MBX__WAKE_WAITER_AWARE_PURPOSE "system call only when the guest sleeps"

/*
 * The host's half of the Dekker pair, after the flag store: true when the
 * guest has announced a sleep. waiter_handoff (<mbx/wake/waiter_handoff.h>)
 * reads the same word the same way.
 */
static inline bool mbx__c11_waiter_announced(struct mbx_abi_mailbox *box)
{
#ifndef MBX_LITMUS_DROP_FENCE_HOST /* litmus negative controls only */
	/* F-WAKE-HOST: orders the flag store before the waiter load; pairs with F-WAKE-GUEST. */
	atomic_thread_fence(memory_order_seq_cst);
#endif
	/* Relaxed: ordered by F-WAKE-HOST; a stale 1 costs one spurious wake, never a lost one. */
	return atomic_load_explicit(&box->waiter, memory_order_relaxed) != 0;
}

static inline void mbx__c11_wake_waiter_aware(struct mbx_mailbox *mailbox,
                                              struct mbx_abi_mailbox *box)
{
	(void)mailbox;
	if (mbx__c11_waiter_announced(box))
		mbx_fast_futex_wake(&box->flag, true);
}

static inline void mbx__announced_wake_waiter_aware(struct mbx_mailbox *mailbox,
                                                    struct mbx_abi_mailbox *box)
{
	(void)mailbox;
	if (!mbx__announced_guest_sleeps(box)) /* D-HOST */
		return;
	mbx__announced_raise(box); /* R-ANN-FLAG */
	mbx_fast_futex_wake(&box->flag, true);
}

#ifdef MBX__WAKE_URCU
/* liburcu's spelling: cmm_smp_mb for the seq_cst fence, uatomic_read, futex_async. */
static inline bool mbx__urcu_waiter_announced(struct mbx_abi_mailbox *box)
{
	/* F-WAKE-HOST: mfence; pairs with F-WAKE-GUEST. */
	cmm_smp_mb();
	/* Ordered by F-WAKE-HOST; a stale 1 costs one spurious wake. */
	return uatomic_read(mbx__urcu_plain(&box->waiter)) != 0;
}

static inline void mbx__urcu_wake_waiter_aware(struct mbx_mailbox *mailbox,
                                               struct mbx_abi_mailbox *box)
{
	(void)mailbox;
	if (mbx__urcu_waiter_announced(box))
		futex_async(mbx__urcu_futex_word(&box->flag), FUTEX_WAKE, 1, NULL, NULL, 0);
}
#endif

#ifdef MBX__WAKE_GUEST
/*
 * Guest half of the plain guest, here and in waiter_handoff: announce
 * (waiter = 1, F-WAKE-GUEST in mbx__steps_announce), re-check the flag, sleep
 * on word while it holds expected, withdraw. waiter_aware sleeps on the flag
 * while 0; waiter_handoff on the waiter word while 1, so that a waker's clear
 * of the announcement is itself the wake.
 */
static enum mbx_status mbx__guest_wait_announced(struct mbx_abi_mailbox *box,
                                                 _Atomic uint32_t *word, uint32_t expected,
                                                 uint64_t timeout_ns)
{
	enum mbx_status status = MBX_OK;

	if (mbx__steps_announce(box)) /* F-WAKE-GUEST */
		status = mbx__futex_wait(word, expected, timeout_ns, true);
	mbx__steps_withdraw(box);
	return status;
}

static enum mbx_status mbx__guest_wait_waiter_aware(struct mbx_guest *guest,
                                                    struct mbx_abi_mailbox *box,
                                                    uint64_t timeout_ns)
{
	(void)guest;
	return mbx__guest_wait_announced(box, &box->flag, 0u, timeout_ns);
}

/* The batched guest has announced (D-GUEST) and cleared the flag: it sleeps as futex's. */
static const struct mbx__guest_wake mbx__guest_wake_waiter_aware = {
    .wait = mbx__guest_wait_waiter_aware,
    .batched_sleep = mbx__guest_sleep_futex,
    .batched_clear_flag = true,
    .batched_announce = true,
};
#endif

#endif /* MBX_WAKE_WAITER_AWARE_H */
