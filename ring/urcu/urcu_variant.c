/* SPDX-License-Identifier: MIT */
/*
 * "urcu": the reference enqueue written with liburcu 0.13's primitives
 * instead of C11 atomics, joined to every wake policy written the same way
 * (the urcu host halves of <mbx/wake/<policy>.h>, beside their C11 ones).
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
 *   F-WAKE-HOST (cmm_smp_mb) is in the urcu halves of <mbx/wake/waiter_aware.h>
 *              and <mbx/wake/waiter_handoff.h>, with their edge tables.
 * GenMC cannot read liburcu's inline assembly, so the litmus tests check the
 * C11 spelling of the same protocol (publication.c, wake-waiter.c); here
 * cmm_smp_mb stands for the seq_cst fence and cmm_smp_wmb + store for the
 * release store, as liburcu documents them.
 *
 * liburcu's accessors are macros over volatile accesses and inline assembly
 * on plain words: ThreadSanitizer sees none of them (the row says so).
 */
#include <linux/futex.h> /* FUTEX_WAKE_PRIVATE */
#include <stdatomic.h>
#include <stdint.h>
#include <urcu/arch.h>
#include <urcu/futex.h>
#include <urcu/system.h>
#include <urcu/uatomic.h>

/*
 * liburcu works on plain words: view an ABI word (an _Atomic uint32_t, same
 * size and alignment by abi.h's static_asserts) as one. Handing it the
 * _Atomic lvalue instead would turn its volatile accesses into C11 seq_cst
 * ones (an xchg per store). The wake policies' urcu halves use these too.
 */
static inline uint32_t *mbx__urcu_plain(_Atomic uint32_t *word)
{
	return (uint32_t *)word;
}

static inline int32_t *mbx__urcu_futex_word(_Atomic uint32_t *word)
{
	return (int32_t *)word;
}

/* Before any mbx header: <mbx/wake/<policy>.h> then define the urcu host halves too. */
#define MBX__WAKE_URCU 1

#include "../variant_rows.h"
#include "../wake.h"

static inline enum mbx_status mbx__publish_urcu(struct mbx_mailbox *mailbox,
                                                struct mbx_abi_mailbox *box, uint32_t task_id)
{
	uint32_t position;

	(void)mailbox;
	/* R-TAIL: lock xadd, a full barrier; pairs with A-TAIL. Returns the new tail. */
	position = uatomic_add_return(mbx__urcu_plain(&box->tail), 1u) - 1u;
	/* R-SLOT: relaxed as the reference (a volatile store, no barrier). */
	CMM_STORE_SHARED(*mbx__urcu_plain(&box->ring[mbx_slot_index(position)]), task_id);
	/* R-FLAG: wmb + store = release; pairs with A-FLAG and A-SIGNAL. */
	cmm_smp_wmb();
	CMM_STORE_SHARED(*mbx__urcu_plain(&box->flag), 1u);
	return MBX_OK;
}

/* The macro is a list of definitions, not a statement: clang-format would indent what follows. */
/* clang-format off */
MBX__ENQUEUES_urcu /* mbx__enqueue_urcu_<wake>: <mbx/wake/enqueues.h> */

const struct mbx_variant mbx__variant_urcu = {
    .name = "urcu",
    .tail_order = "uatomic_add_return (full barrier)",
    .slot_order = "CMM_STORE_SHARED",
    .flag_order = "cmm_smp_wmb + CMM_STORE_SHARED",
    .purpose = "the reference enqueue on liburcu 0.13 primitives",
    .overwrites = true,
    .opaque_to_tsan = true,
    .structure = NULL,
    .enqueue = MBX__ENQUEUE_ROW_urcu,
};
/* clang-format on */
