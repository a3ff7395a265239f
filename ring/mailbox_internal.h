/* SPDX-License-Identifier: MIT */
/* Private: the host mailbox object, shared by ring/ and the variant files. */
#ifndef MBX_RING_MAILBOX_INTERNAL_H
#define MBX_RING_MAILBOX_INTERNAL_H

#include <assert.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#include <mbx/inline.h>
#include <mbx/mailbox.h>

#include "inflight.h"

struct mbx__structure;

/*
 * Publishes one validated task id (non-zero, 32-bit) into box, the mailbox
 * region at the base mbx_enqueue obtained through the mailbox's base policy,
 * and wakes the guest; see mbx_enqueue.
 */
typedef enum mbx_status (*mbx__enqueue_fn)(struct mbx_mailbox *mailbox, struct mbx_abi_mailbox *box,
                                           uint32_t task_id);

/* A variant row (opaque to callers: mbx/variant.h's accessors read it). */
struct mbx_variant {
	const char *name;
	const char *tail_order; /* orders as text, for reports ("-" where not one access) */
	const char *slot_order;
	const char *flag_order;
	const char *purpose;
	bool overwrites;     /* mbx_variant_overwrites */
	bool opaque_to_tsan; /* mbx_variant_opaque_to_tsan */
	/* NULL: ids travel in the guest's ring; else a host-side structure (ring/structure.h). */
	const struct mbx__structure *structure;
	mbx__enqueue_fn enqueue[MBX_WAKE_COUNT];
};

/* The variant row at the address v, or NULL when v is not one (NULL, the poison, garbage). */
const struct mbx_variant *mbx__variant_row(const struct mbx_variant *v);
/* The base row at the address b, or NULL when b is not one. */
const struct mbx_base *mbx__base_row(const struct mbx_base *b);
/* What mbx_variant_find / mbx_base_find write for an unknown name: never a row. */
extern const struct mbx_variant mbx__variant_unknown;
extern const struct mbx_base mbx__base_unknown;

/* The host-side condition variable of the notify policy; a permit is never lost. */
struct mbx__notify {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool permit;
};

struct mbx_mailbox {
	/*
	 * First (<mbx/inline.h> reads it through mbx__head_seen): announced's
	 * cached copy of the guest's head, R-SEEN / A-SEEN (ring/announced.c).
	 */
	struct mbx__mailbox_fast_words fast_words;
	/*
	 * Read on every enqueue; written by attach, refresh_base and the base
	 * policy's hold (0 while an RCU base holds producers off: ring/urcu/).
	 */
	_Atomic(uintptr_t) region;
	_Atomic bool closed;
	/*
	 * RCU bases: 1 while held; producers that found region == 0 sleep on it.
	 * close sets 2, so a producer about to sleep on 1 returns at once.
	 */
	_Atomic uint32_t moving;
	/* RCU bases: the holding thread's marker address (mbx__inflight_self), 0 when not held. */
	_Atomic(uintptr_t) holder;
	mbx__enqueue_fn enqueue;
	const struct mbx_variant *variant;
	const struct mbx_base *base;
	enum mbx_wake_kind wake;
	uint64_t offset;
	void *structure_state; /* the variant's host-side structure, if it has one */
	/* Written by the notify policy on every enqueue: its own cache line. */
	_Alignas(64) struct mbx__notify notify;
};

static_assert(offsetof(struct mbx_mailbox, fast_words) == 0,
              "<mbx/inline.h>'s mbx__head_seen reads the first member");

static inline struct mbx_abi_mailbox *mbx__mailbox_box(const struct mbx_mailbox *mailbox)
{
	/* A-BASE: pairs with R-BASE in the base policy's publish: use a base only once published. */
	return (struct mbx_abi_mailbox *)atomic_load_explicit(&mailbox->region,
	                                                      memory_order_acquire);
}

/* The atomic base's publish (ring/base.c), the copied block already written. */
static inline void mbx__mailbox_publish_region(struct mbx_mailbox *mailbox, uintptr_t region)
{
#ifdef MBX_LITMUS_RELAXED_BASE
	/* Relaxed: tests/litmus/base-publish.c's negative control only (R-BASE removed). */
	atomic_store_explicit(&mailbox->region, region, memory_order_relaxed);
#else
	/* R-BASE: pairs with A-BASE in mbx__mailbox_box. */
	atomic_store_explicit(&mailbox->region, region, memory_order_release);
#endif
}

/* mbx_mailbox_is_signalled's read of the flag: true when raised. */
static inline bool mbx__mailbox_flag_raised(struct mbx_abi_mailbox *box)
{
#ifdef MBX_LITMUS_RELAXED_SIGNAL
	/* Relaxed: tests/litmus/base-publish.c's negative control only (A-SIGNAL removed). */
	return atomic_load_explicit(&box->flag, memory_order_relaxed) != 0;
#else
	/* A-SIGNAL: pairs with R-FLAG, the variants' release store of the flag. */
	return atomic_load_explicit(&box->flag, memory_order_acquire) != 0;
#endif
}

void mbx__notify_signal(struct mbx__notify *notify);

/*
 * Benchmarks only (mbx-bench's enqueue_unquiesced/ rows, linked statically):
 * mbx_enqueue without its in-flight marker, so that what close's quiescence
 * costs on the fast path is measured beside it. Close does not wait for it:
 * never use it anywhere else.
 */
enum mbx_status mbx__enqueue_unquiesced(struct mbx_mailbox *mailbox, uint64_t task_id);

#endif /* MBX_RING_MAILBOX_INTERNAL_H */
