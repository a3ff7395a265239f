/* SPDX-License-Identifier: MIT */
/*
 * "urcu": the reference enqueue written with liburcu 0.13's primitives
 * instead of C11 atomics, joined to every wake policy written the same way.
 * On x86 (this build) they are:
 *   uatomic_add_return  lock xadd: a full barrier, where seed asks acq_rel
 *                       (on x86 the same instruction; elsewhere it is more)
 *   CMM_STORE_SHARED    a volatile store: no order of its own (seed: relaxed)
 *   cmm_smp_wmb         store->store order: a compiler barrier on x86
 *                       (seed's release store of the flag)
 *   cmm_smp_mb          mfence (waiter_aware's and waiter_handoff's seq_cst fence)
 *   futex_async         urcu's futex helper (the system call)
 * 0.13 has no C11 memory-model API (CMM_* with orders came in 0.15), so the
 * orders are the barriers above, not arguments.
 *
 * Edges (the same protocol as seed, ring/overwriting.h):
 *   R-TAIL     uatomic_add_return on tail: full barrier; pairs with A-TAIL in
 *              the guest drains. Like seed, it precedes the slot store:
 *              the publication race is still there.
 *   R-SLOT     CMM_STORE_SHARED of the id: relaxed, as the reference.
 *   R-FLAG     cmm_smp_wmb then CMM_STORE_SHARED(flag, 1): a release store
 *              (liburcu's rcu_assign_pointer idiom); pairs with A-FLAG in the
 *              corrected guest and A-SIGNAL in is_signalled. A plain store,
 *              as seed's: with two producers a corrected guest synchronises
 *              only with the last raiser and can sleep with an earlier one's
 *              id pending (the flag hole: tests/litmus/drain-lost-wakeup.c,
 *              drain-corrected-seed-2p, shows it for seed's same raise).
 *              Kept, as the reference's is.
 *   F-WAKE-HOST  cmm_smp_mb (waiter_aware, waiter_handoff); pairs with the
 *              guest's seq_cst fence F-WAKE-GUEST (sim/guest_steps.h).
 * GenMC cannot read liburcu's inline assembly, so the litmus tests check the
 * C11 spelling of the same protocol (publication.c, wake-waiter.c); here
 * cmm_smp_mb stands for the seq_cst fence and cmm_smp_wmb + store for the
 * release store, as liburcu documents them.
 * waiter_handoff here is liburcu's own call_rcu_wake_up (src/urcu-call-rcu-impl.h):
 * cmm_smp_mb, read the futex word, if the waiter announced itself set it to
 * 0 and FUTEX_WAKE it.
 *
 * liburcu's accessors are macros over volatile accesses and inline assembly
 * on plain words: ThreadSanitizer sees none of them (the row says so).
 */
#include <stdint.h>
#include <urcu/arch.h>
#include <urcu/futex.h>
#include <urcu/system.h>
#include <urcu/uatomic.h>

#include "../variant_rows.h"
#include "../wake.h"

/*
 * liburcu works on plain words: view an ABI word (an _Atomic uint32_t, same
 * size and alignment by abi.h's static_asserts) as one. Handing it the
 * _Atomic lvalue instead would turn its volatile accesses into C11 seq_cst
 * ones (an xchg per store).
 */
static inline uint32_t *plain(_Atomic uint32_t *word)
{
	return (uint32_t *)word;
}

static inline int32_t *futex_word(_Atomic uint32_t *word)
{
	return (int32_t *)word;
}

static inline enum mbx_status mbx__publish_urcu(struct mbx_mailbox *mailbox,
                                                struct mbx_abi_mailbox *box, uint32_t task_id)
{
	uint32_t position;

	(void)mailbox;
	/* R-TAIL: lock xadd, a full barrier; pairs with A-TAIL. Returns the new tail. */
	position = uatomic_add_return(plain(&box->tail), 1u) - 1u;
	/* R-SLOT: relaxed as the reference (a volatile store, no barrier). */
	CMM_STORE_SHARED(*plain(&box->ring[mbx_slot_index(position)]), task_id);
	/* R-FLAG: wmb + store = release; pairs with A-FLAG and A-SIGNAL. */
	cmm_smp_wmb();
	CMM_STORE_SHARED(*plain(&box->flag), 1u);
	return MBX_OK;
}

static inline void mbx__urcu_wake_futex(struct mbx_mailbox *mailbox, struct mbx_abi_mailbox *box)
{
	(void)mailbox;
	futex_async(futex_word(&box->flag), FUTEX_WAKE, 1, NULL, NULL, 0);
}

static inline void mbx__urcu_wake_futex_private(struct mbx_mailbox *mailbox,
                                                struct mbx_abi_mailbox *box)
{
	(void)mailbox;
	futex_async(futex_word(&box->flag), FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
}

static inline void mbx__urcu_wake_waiter_aware(struct mbx_mailbox *mailbox,
                                               struct mbx_abi_mailbox *box)
{
	(void)mailbox;
	/* F-WAKE-HOST: mfence; pairs with F-WAKE-GUEST. */
	cmm_smp_mb();
	/* Ordered by F-WAKE-HOST; a stale 1 costs one spurious wake. */
	if (uatomic_read(plain(&box->waiter)) != 0)
		futex_async(futex_word(&box->flag), FUTEX_WAKE, 1, NULL, NULL, 0);
}

static inline void mbx__urcu_wake_spin(struct mbx_mailbox *mailbox, struct mbx_abi_mailbox *box)
{
	(void)mailbox;
	(void)box;
}

static inline void mbx__urcu_wake_notify(struct mbx_mailbox *mailbox, struct mbx_abi_mailbox *box)
{
	(void)box;
	mbx__notify_signal(&mailbox->notify);
}

static inline void mbx__urcu_wake_waiter_handoff(struct mbx_mailbox *mailbox,
                                                 struct mbx_abi_mailbox *box)
{
	(void)mailbox;
	/* F-WAKE-HOST: mfence; pairs with F-WAKE-GUEST. */
	cmm_smp_mb();
	/* Ordered by F-WAKE-HOST: 0 means nobody sleeps or another waker took it. */
	if (caa_unlikely(uatomic_read(plain(&box->waiter)) != 0)) {
		/* The futex word itself: the guest's FUTEX_WAIT(waiter, 1) re-reads it. */
		uatomic_set(plain(&box->waiter), 0u);
		futex_async(futex_word(&box->waiter), FUTEX_WAKE, 1, NULL, NULL, 0);
	}
}

MBX__DEFINE_ENQUEUES(urcu, urcu)

const struct mbx_variant mbx__variant_urcu = {
    .name = "urcu",
    .tail_order = "uatomic_add_return (full barrier)",
    .slot_order = "CMM_STORE_SHARED",
    .flag_order = "cmm_smp_wmb + CMM_STORE_SHARED",
    .purpose = "the reference enqueue on liburcu 0.13 primitives",
    .overwrites = true,
    .opaque_to_tsan = true,
    .structure = NULL,
    .enqueue = MBX__ENQUEUE_ROW(urcu),
};
