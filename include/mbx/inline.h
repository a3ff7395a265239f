/* SPDX-License-Identifier: MIT */
/*
 * The inline enqueue: one static inline function per (variant, wake policy),
 * named mbx_enqueue_<variant>_<wake>, for an embedder's hot path. The caller
 * pays for the protocol only: no table, no indirect call. These functions
 * are the library's own code: the variant table's rows (mbx_enqueue, the
 * benchmarks, the hazard tests) call the same mbx__enqueue_<variant>_<wake>_at
 * functions defined here, built from the protocol steps of ring/overwriting.h
 * and ring/sequenced.h (installed as <mbx/ring/...>: not API) and the wake
 * halves below.
 *
 * What they operate on is what a runtime holds: a fast-path view of an
 * attached mailbox (struct mbx_fast: where the mailbox region's base lives
 * and the host's closed state), handed out by mbx_mailbox_fast.
 *
 *   mbx_mailbox_fast             any thread, after attach; wait-free.
 *   mbx_enqueue_<variant>_<wake> the same contract as mbx_enqueue on a
 *                                mailbox attached with that variant and
 *                                wake policy: any number of threads at once;
 *                                wait-free for the overwriting variants
 *                                (seed, seq_cst, relaxed, release), lock-free
 *                                for sequenced; the wake may be a system call
 *                                (futex, futex_private, waiter_aware,
 *                                waiter_handoff) or take a mutex (notify: the
 *                                host-side condition variable, called out of
 *                                line in the library). Statuses as
 *                                mbx_enqueue: MBX_E_INVALID for a NULL or
 *                                zeroed view, MBX_E_BAD_TASK_ID for 0 or
 *                                > UINT32_MAX,
 *                                MBX_E_CLOSED after close (nothing changes
 *                                in these cases), MBX_E_FULL when sequenced
 *                                is full (nothing written).
 *
 * Hostile guest: the same promises as mbx_enqueue. Slot addresses come from
 * the host's own tail masked by MBX_CAPACITY; head (sequenced's full check)
 * is compared, never used as an address.
 *
 * The view and close: a view points into its mailbox and is valid until
 * mbx_mailbox_detach. mbx_mailbox_close makes later inline enqueues return
 * MBX_E_CLOSED, but it cannot wait for inline enqueues it does not see: an
 * inline enqueue that read "open" before close may still write the region
 * and wake the guest after close returns. The embedder owns quiescence on
 * this path: stop (join, or pass a grace period of) its inline callers before
 * it releases guest memory or detaches. Use the function of the variant and
 * wake policy the mailbox was attached with, so the guest pairs with it.
 *
 * Which pairs have an inline form: every C11 variant (seed, seq_cst,
 * relaxed, release, sequenced) with every wake policy (notify's wake is an
 * out-of-line call: its condition variable lives in the opaque mailbox).
 * urcu and wfcq, and the RCU base policies, are reached through mbx_enqueue
 * only: mbx_mailbox_fast refuses a mailbox whose base policy is not "atomic"
 * or whose variant keeps its ids in a host-side structure.
 *
 * C++: the inline bodies use C11 atomics, which C++17 lacks. A C++ caller
 * sees the same names declared extern "C" and calls the library's
 * out-of-line copies of them (ring/inline.c): the same code, one direct call,
 * no table.
 */
#ifndef MBX_INLINE_H
#define MBX_INLINE_H

#include <stdbool.h>
#include <stdint.h>

#include <mbx/export.h>
#include <mbx/status.h>

#ifdef __cplusplus
extern "C" {
/* C++ callers never dereference the view: they hand it back to the library. */
#define MBX__FAST_ATOMIC(type) type
#else
#define MBX__FAST_ATOMIC(type) _Atomic(type)
#endif

struct mbx_mailbox;

/* A fast-path view of an attached mailbox; see the top of this file. */
struct mbx_fast {
	const MBX__FAST_ATOMIC(uintptr_t) * region; /* the region's base: A-BASE reads it */
	const MBX__FAST_ATOMIC(bool) * closed;      /* the host's closed state: A-CLOSE */
	struct mbx_mailbox *mailbox;                /* for the out-of-line notify wake */
};

/*
 * Fills *out with the view of mailbox. MBX_E_INVALID (nothing written) for a
 * NULL argument, a base policy other than "atomic", or a variant with a
 * host-side structure (wfcq).
 */
MBX_API enum mbx_status mbx_mailbox_fast(struct mbx_mailbox *mailbox, struct mbx_fast *out);

/*
 * Every inline enqueue, as X(variant, wake); each line names the function it
 * defines (and the table rows' mbx__enqueue_<variant>_<wake>_at below it).
 */
#define MBX_INLINE_ENQUEUES(X)                                                  \
	X(seed, futex)               /* mbx_enqueue_seed_futex */               \
	X(seed, futex_private)       /* mbx_enqueue_seed_futex_private */       \
	X(seed, waiter_aware)        /* mbx_enqueue_seed_waiter_aware */        \
	X(seed, spin)                /* mbx_enqueue_seed_spin */                \
	X(seed, notify)              /* mbx_enqueue_seed_notify */              \
	X(seed, waiter_handoff)      /* mbx_enqueue_seed_waiter_handoff */      \
	X(seq_cst, futex)            /* mbx_enqueue_seq_cst_futex */            \
	X(seq_cst, futex_private)    /* mbx_enqueue_seq_cst_futex_private */    \
	X(seq_cst, waiter_aware)     /* mbx_enqueue_seq_cst_waiter_aware */     \
	X(seq_cst, spin)             /* mbx_enqueue_seq_cst_spin */             \
	X(seq_cst, notify)           /* mbx_enqueue_seq_cst_notify */           \
	X(seq_cst, waiter_handoff)   /* mbx_enqueue_seq_cst_waiter_handoff */   \
	X(relaxed, futex)            /* mbx_enqueue_relaxed_futex */            \
	X(relaxed, futex_private)    /* mbx_enqueue_relaxed_futex_private */    \
	X(relaxed, waiter_aware)     /* mbx_enqueue_relaxed_waiter_aware */     \
	X(relaxed, spin)             /* mbx_enqueue_relaxed_spin */             \
	X(relaxed, notify)           /* mbx_enqueue_relaxed_notify */           \
	X(relaxed, waiter_handoff)   /* mbx_enqueue_relaxed_waiter_handoff */   \
	X(release, futex)            /* mbx_enqueue_release_futex */            \
	X(release, futex_private)    /* mbx_enqueue_release_futex_private */    \
	X(release, waiter_aware)     /* mbx_enqueue_release_waiter_aware */     \
	X(release, spin)             /* mbx_enqueue_release_spin */             \
	X(release, notify)           /* mbx_enqueue_release_notify */           \
	X(release, waiter_handoff)   /* mbx_enqueue_release_waiter_handoff */   \
	X(sequenced, futex)          /* mbx_enqueue_sequenced_futex */          \
	X(sequenced, futex_private)  /* mbx_enqueue_sequenced_futex_private */  \
	X(sequenced, waiter_aware)   /* mbx_enqueue_sequenced_waiter_aware */   \
	X(sequenced, spin)           /* mbx_enqueue_sequenced_spin */           \
	X(sequenced, notify)         /* mbx_enqueue_sequenced_notify */         \
	X(sequenced, waiter_handoff) /* mbx_enqueue_sequenced_waiter_handoff */ \
	X(announced, futex)          /* mbx_enqueue_announced_futex */          \
	X(announced, futex_private)  /* mbx_enqueue_announced_futex_private */  \
	X(announced, waiter_aware)   /* mbx_enqueue_announced_waiter_aware */   \
	X(announced, spin)           /* mbx_enqueue_announced_spin */           \
	X(announced, notify)         /* mbx_enqueue_announced_notify */         \
	X(announced, waiter_handoff) /* mbx_enqueue_announced_waiter_handoff */

/*
 * What the inline wake halves call out of line (ring/inline.c), so this
 * header needs no system-call declarations and no mailbox internals:
 *   mbx_fast_futex_wake  FUTEX_WAKE of one waiter on a guest word (shared:
 *                        non-private, as the reference); any thread.
 *   mbx_fast_notify      signals the notify policy's host-side waiter
 *                        (mbx_mailbox_wait_for_signal) of an attached
 *                        mailbox; any thread; takes its mutex.
 */
MBX_API void mbx_fast_futex_wake(MBX__FAST_ATOMIC(uint32_t) * word, bool shared);
MBX_API void mbx_fast_notify(struct mbx_mailbox *mailbox);

#ifdef __cplusplus
/* The library's out-of-line copies (ring/inline.c), one by one. */
MBX_API enum mbx_status mbx_enqueue_seed_futex(const struct mbx_fast *fast, uint64_t task_id);
MBX_API enum mbx_status mbx_enqueue_seed_futex_private(const struct mbx_fast *fast,
                                                       uint64_t task_id);
MBX_API enum mbx_status mbx_enqueue_seed_waiter_aware(const struct mbx_fast *fast,
                                                      uint64_t task_id);
MBX_API enum mbx_status mbx_enqueue_seed_spin(const struct mbx_fast *fast, uint64_t task_id);
MBX_API enum mbx_status mbx_enqueue_seed_notify(const struct mbx_fast *fast, uint64_t task_id);
MBX_API enum mbx_status mbx_enqueue_seed_waiter_handoff(const struct mbx_fast *fast,
                                                        uint64_t task_id);
MBX_API enum mbx_status mbx_enqueue_seq_cst_futex(const struct mbx_fast *fast, uint64_t task_id);
MBX_API enum mbx_status mbx_enqueue_seq_cst_futex_private(const struct mbx_fast *fast,
                                                          uint64_t task_id);
MBX_API enum mbx_status mbx_enqueue_seq_cst_waiter_aware(const struct mbx_fast *fast,
                                                         uint64_t task_id);
MBX_API enum mbx_status mbx_enqueue_seq_cst_spin(const struct mbx_fast *fast, uint64_t task_id);
MBX_API enum mbx_status mbx_enqueue_seq_cst_notify(const struct mbx_fast *fast, uint64_t task_id);
MBX_API enum mbx_status mbx_enqueue_seq_cst_waiter_handoff(const struct mbx_fast *fast,
                                                           uint64_t task_id);
MBX_API enum mbx_status mbx_enqueue_relaxed_futex(const struct mbx_fast *fast, uint64_t task_id);
MBX_API enum mbx_status mbx_enqueue_relaxed_futex_private(const struct mbx_fast *fast,
                                                          uint64_t task_id);
MBX_API enum mbx_status mbx_enqueue_relaxed_waiter_aware(const struct mbx_fast *fast,
                                                         uint64_t task_id);
MBX_API enum mbx_status mbx_enqueue_relaxed_spin(const struct mbx_fast *fast, uint64_t task_id);
MBX_API enum mbx_status mbx_enqueue_relaxed_notify(const struct mbx_fast *fast, uint64_t task_id);
MBX_API enum mbx_status mbx_enqueue_relaxed_waiter_handoff(const struct mbx_fast *fast,
                                                           uint64_t task_id);
MBX_API enum mbx_status mbx_enqueue_release_futex(const struct mbx_fast *fast, uint64_t task_id);
MBX_API enum mbx_status mbx_enqueue_release_futex_private(const struct mbx_fast *fast,
                                                          uint64_t task_id);
MBX_API enum mbx_status mbx_enqueue_release_waiter_aware(const struct mbx_fast *fast,
                                                         uint64_t task_id);
MBX_API enum mbx_status mbx_enqueue_release_spin(const struct mbx_fast *fast, uint64_t task_id);
MBX_API enum mbx_status mbx_enqueue_release_notify(const struct mbx_fast *fast, uint64_t task_id);
MBX_API enum mbx_status mbx_enqueue_release_waiter_handoff(const struct mbx_fast *fast,
                                                           uint64_t task_id);
MBX_API enum mbx_status mbx_enqueue_sequenced_futex(const struct mbx_fast *fast, uint64_t task_id);
MBX_API enum mbx_status mbx_enqueue_sequenced_futex_private(const struct mbx_fast *fast,
                                                            uint64_t task_id);
MBX_API enum mbx_status mbx_enqueue_sequenced_waiter_aware(const struct mbx_fast *fast,
                                                           uint64_t task_id);
MBX_API enum mbx_status mbx_enqueue_sequenced_spin(const struct mbx_fast *fast, uint64_t task_id);
MBX_API enum mbx_status mbx_enqueue_sequenced_notify(const struct mbx_fast *fast, uint64_t task_id);
MBX_API enum mbx_status mbx_enqueue_sequenced_waiter_handoff(const struct mbx_fast *fast,
                                                             uint64_t task_id);
MBX_API enum mbx_status mbx_enqueue_announced_futex(const struct mbx_fast *fast, uint64_t task_id);
MBX_API enum mbx_status mbx_enqueue_announced_futex_private(const struct mbx_fast *fast,
                                                            uint64_t task_id);
MBX_API enum mbx_status mbx_enqueue_announced_waiter_aware(const struct mbx_fast *fast,
                                                           uint64_t task_id);
MBX_API enum mbx_status mbx_enqueue_announced_spin(const struct mbx_fast *fast, uint64_t task_id);
MBX_API enum mbx_status mbx_enqueue_announced_notify(const struct mbx_fast *fast, uint64_t task_id);
MBX_API enum mbx_status mbx_enqueue_announced_waiter_handoff(const struct mbx_fast *fast,
                                                             uint64_t task_id);
}
#else /* C: the inline bodies */

#include <stdatomic.h>

#include <mbx/abi.h>
#include <mbx/ring/announced.h>
#include <mbx/ring/overwriting.h>
#include <mbx/ring/sequenced.h>

/* The publish steps: claim, store, raise (edges in ring/overwriting.h, ring/sequenced.c). */
#define MBX__DEFINE_OVERWRITING_PUBLISH(v, tail, slot, flag, why)                     \
	static inline enum mbx_status mbx__publish_##v(struct mbx_abi_mailbox *box,   \
	                                               uint32_t task_id)              \
	{                                                                             \
		uint32_t position = MBX__OVERWRITING_CLAIM(box, memory_order_##tail); \
		MBX__OVERWRITING_STORE(box, position, task_id, memory_order_##slot);  \
		MBX__OVERWRITING_RAISE(box, memory_order_##flag);                     \
		return MBX_OK;                                                        \
	}
MBX__OVERWRITING_VARIANTS(MBX__DEFINE_OVERWRITING_PUBLISH)
#undef MBX__DEFINE_OVERWRITING_PUBLISH

/* The soak's fault point (ring/fault.h): nothing, except in mbx's fault-injection build. */
#ifndef MBX__FAULT_POINT
#define MBX__FAULT_POINT(point) ((void)0)
#endif

static inline enum mbx_status mbx__publish_sequenced(struct mbx_abi_mailbox *box, uint32_t task_id)
{
	uint32_t position;
	enum mbx_status status = mbx__sequenced_claim(box, &position);

	if (status != MBX_OK)
		return status;
	MBX__FAULT_POINT(MBX__FAULT_SEQUENCED_CLAIMED); /* soak only: claimed, not stored */
	mbx__sequenced_store(box, position, task_id);
	mbx__sequenced_raise(box);
	return MBX_OK;
}

/*
 * Private: the first member of struct mbx_mailbox (ring/mailbox_internal.h
 * asserts it), the one host-side word an inline body reads: announced's
 * cached copy of the guest's head.
 */
struct mbx__mailbox_fast_words {
	_Atomic uint32_t head_seen;
};

static inline _Atomic uint32_t *mbx__head_seen(struct mbx_mailbox *mailbox)
{
	return &((struct mbx__mailbox_fast_words *)(void *)mailbox)->head_seen;
}

/* announced's publish: claim against the cached head, store; no flag (ring/announced.c). */
static inline enum mbx_status mbx__publish_announced(_Atomic uint32_t *seen,
                                                     struct mbx_abi_mailbox *box, uint32_t task_id)
{
	uint32_t position;
	enum mbx_status status = mbx__announced_claim(box, seen, &position);

	if (status != MBX_OK)
		return status;
	MBX__FAULT_POINT(MBX__FAULT_ANNOUNCED_CLAIMED); /* soak only: claimed, not stored */
	mbx__announced_store(box, position, task_id);
	return MBX_OK;
}

/*
 * The host half of each wake policy (the "c11" family), after the publish
 * step raised the flag. Why waiter_aware and waiter_handoff look as they do,
 * and their guest halves: ring/wake.h.
 */
static inline void mbx__c11_wake_futex(struct mbx_mailbox *mailbox, struct mbx_abi_mailbox *box)
{
	(void)mailbox;
	mbx_fast_futex_wake(&box->flag, true);
}

static inline void mbx__c11_wake_futex_private(struct mbx_mailbox *mailbox,
                                               struct mbx_abi_mailbox *box)
{
	(void)mailbox;
	mbx_fast_futex_wake(&box->flag, false);
}

static inline void mbx__c11_wake_waiter_aware(struct mbx_mailbox *mailbox,
                                              struct mbx_abi_mailbox *box)
{
	(void)mailbox;
#ifndef MBX_LITMUS_DROP_FENCE_HOST /* litmus negative controls only (ring/wake.h) */
	/* F-WAKE-HOST: orders the flag store before the waiter load; pairs with F-WAKE-GUEST. */
	atomic_thread_fence(memory_order_seq_cst);
#endif
	/* Relaxed: ordered by F-WAKE-HOST; a stale 1 costs one spurious wake, never a lost one. */
	if (atomic_load_explicit(&box->waiter, memory_order_relaxed) != 0)
		mbx_fast_futex_wake(&box->flag, true);
}

static inline void mbx__c11_wake_spin(struct mbx_mailbox *mailbox, struct mbx_abi_mailbox *box)
{
	(void)mailbox;
	(void)box;
}

static inline void mbx__c11_wake_notify(struct mbx_mailbox *mailbox, struct mbx_abi_mailbox *box)
{
	(void)box;
	mbx_fast_notify(mailbox);
}

static inline void mbx__c11_wake_waiter_handoff(struct mbx_mailbox *mailbox,
                                                struct mbx_abi_mailbox *box)
{
	(void)mailbox;
#ifndef MBX_LITMUS_DROP_FENCE_HOST /* litmus negative controls only (ring/wake.h) */
	/* F-WAKE-HOST: orders the flag store before the waiter load; pairs with F-WAKE-GUEST. */
	atomic_thread_fence(memory_order_seq_cst);
#endif
	/* Relaxed: ordered by F-WAKE-HOST; 0: nobody sleeps, or another waker took it. */
	if (atomic_load_explicit(&box->waiter, memory_order_relaxed) == 0)
		return;
	/* Relaxed: the futex word itself; FUTEX_WAIT re-reads it inside the kernel. */
	atomic_store_explicit(&box->waiter, 0u, memory_order_relaxed);
	mbx_fast_futex_wake(&box->waiter, true);
}

/*
 * The host half of each wake policy for announced (the "announced" family):
 * no fence. waiter_aware and waiter_handoff read the waiter word (D-HOST,
 * seq_cst, after the claim's seq_cst CAS) and act only for a guest that
 * announced its sleep; futex and futex_private raise and wake on every
 * enqueue; spin does nothing (the guest polls the ring); notify signals.
 */
static inline void mbx__announced_wake_futex(struct mbx_mailbox *mailbox,
                                             struct mbx_abi_mailbox *box)
{
	(void)mailbox;
	mbx__announced_raise(box);
	mbx_fast_futex_wake(&box->flag, true);
}

static inline void mbx__announced_wake_futex_private(struct mbx_mailbox *mailbox,
                                                     struct mbx_abi_mailbox *box)
{
	(void)mailbox;
	mbx__announced_raise(box);
	mbx_fast_futex_wake(&box->flag, false);
}

static inline void mbx__announced_wake_waiter_aware(struct mbx_mailbox *mailbox,
                                                    struct mbx_abi_mailbox *box)
{
	(void)mailbox;
	if (!mbx__announced_guest_sleeps(box)) /* D-HOST */
		return;
	mbx__announced_raise(box);
	mbx_fast_futex_wake(&box->flag, true);
}

static inline void mbx__announced_wake_spin(struct mbx_mailbox *mailbox,
                                            struct mbx_abi_mailbox *box)
{
	(void)mailbox;
	(void)box;
}

static inline void mbx__announced_wake_notify(struct mbx_mailbox *mailbox,
                                              struct mbx_abi_mailbox *box)
{
	(void)box;
	mbx_fast_notify(mailbox);
}

static inline void mbx__announced_wake_waiter_handoff(struct mbx_mailbox *mailbox,
                                                      struct mbx_abi_mailbox *box)
{
	(void)mailbox;
	if (!mbx__announced_guest_sleeps(box)) /* D-HOST; 0: awake, or another waker took it */
		return;
	/* Relaxed: the futex word itself; FUTEX_WAIT re-reads it inside the kernel. */
	atomic_store_explicit(&box->waiter, 0u, memory_order_relaxed);
	mbx_fast_futex_wake(&box->waiter, true);
}

/*
 * The checks every inline enqueue makes before it publishes, in mbx_enqueue's
 * order; MBX_OK with *box the region to publish into.
 */
static inline enum mbx_status mbx__fast_enter(const struct mbx_fast *fast, uint64_t task_id,
                                              struct mbx_abi_mailbox **box)
{
	/* A view mbx_mailbox_fast did not fill (zeroed) is refused too, not dereferenced. */
	if (!fast || !fast->closed || !fast->region)
		return MBX_E_INVALID;
	/* 1 ..= UINT32_MAX in one compare: 0 wraps to UINT64_MAX. */
	if (task_id - 1u >= UINT32_MAX)
		return MBX_E_BAD_TASK_ID;
	/* A-CLOSE: pairs with R-CLOSE in mbx_mailbox_close. */
	if (atomic_load_explicit(fast->closed, memory_order_acquire))
		return MBX_E_CLOSED;
	/* A-BASE: pairs with R-BASE in the atomic base's publish (ring/base.c). */
	*box = (struct mbx_abi_mailbox *)atomic_load_explicit(fast->region, memory_order_acquire);
	return MBX_OK;
}

#ifndef MBX__INLINE
#define MBX__INLINE static inline /* ring/inline.c: MBX_API, the copies for C++ callers */
#endif

/*
 * mbx__enqueue_<variant>_<wake>_at publishes a checked id into box, the
 * region its caller reached (the table rows: mbx_enqueue, through any base
 * policy), then wakes; mbx_enqueue_<variant>_<wake> checks and reaches the
 * region itself. MBX__FAMILY_<variant> says which publish and wake halves a
 * variant's _at functions join.
 */
#define MBX__FAMILY_seed      c11
#define MBX__FAMILY_seq_cst   c11
#define MBX__FAMILY_relaxed   c11
#define MBX__FAMILY_release   c11
#define MBX__FAMILY_sequenced c11
#define MBX__FAMILY_announced announced
#define MBX__DEFINE_AT_c11(variant, wake)                                               \
	static inline enum mbx_status mbx__enqueue_##variant##_##wake##_at(             \
	    struct mbx_mailbox *mailbox, struct mbx_abi_mailbox *box, uint32_t task_id) \
	{                                                                               \
		enum mbx_status status = mbx__publish_##variant(box, task_id);          \
		if (status == MBX_OK)                                                   \
			mbx__c11_wake_##wake(mailbox, box);                             \
		return status;                                                          \
	}
#define MBX__DEFINE_AT_announced(variant, wake)                                         \
	static inline enum mbx_status mbx__enqueue_##variant##_##wake##_at(             \
	    struct mbx_mailbox *mailbox, struct mbx_abi_mailbox *box, uint32_t task_id) \
	{                                                                               \
		enum mbx_status status =                                                \
		    mbx__publish_announced(mbx__head_seen(mailbox), box, task_id);      \
		if (status == MBX_OK)                                                   \
			mbx__announced_wake_##wake(mailbox, box);                       \
		return status;                                                          \
	}
/* Extra levels so MBX__FAMILY_<variant> expands before ## pastes it. */
#define MBX__DEFINE_AT_FAMILY(family, variant, wake) MBX__DEFINE_AT_##family(variant, wake)
#define MBX__DEFINE_AT(family, variant, wake)        MBX__DEFINE_AT_FAMILY(family, variant, wake)
#define MBX__DEFINE_INLINE_ENQUEUE(variant, wake)                                               \
	MBX__DEFINE_AT(MBX__FAMILY_##variant, variant, wake)                                    \
	MBX__INLINE enum mbx_status mbx_enqueue_##variant##_##wake(const struct mbx_fast *fast, \
	                                                           uint64_t task_id)            \
	{                                                                                       \
		struct mbx_abi_mailbox *box;                                                    \
		enum mbx_status status = mbx__fast_enter(fast, task_id, &box);                  \
		if (status != MBX_OK)                                                           \
			return status;                                                          \
		return mbx__enqueue_##variant##_##wake##_at(fast->mailbox, box,                 \
		                                            (uint32_t)task_id);                 \
	}
MBX_INLINE_ENQUEUES(MBX__DEFINE_INLINE_ENQUEUE)
#undef MBX__DEFINE_INLINE_ENQUEUE

#endif /* __cplusplus */

#endif /* MBX_INLINE_H */
