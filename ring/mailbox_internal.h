/* SPDX-License-Identifier: MIT */
/* Private: the host mailbox object, shared by ring/ and the variant files. */
#ifndef MBX_RING_MAILBOX_INTERNAL_H
#define MBX_RING_MAILBOX_INTERNAL_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>

#include <mbx/mailbox.h>

/* The host-side condition variable of the notify policy; a permit is never lost. */
struct mbx__notify {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool permit;
};

struct mbx_mailbox {
	/*
	 * Read on every enqueue; written by attach, refresh_base and the base
	 * policy's hold (0 while an RCU base holds producers off: ring/urcu/).
	 */
	_Atomic(uintptr_t) region;
	_Atomic bool closed;
	/* RCU bases: 1 while held; producers that found region == 0 sleep on it. */
	_Atomic uint32_t moving;
	mbx_enqueue_fn enqueue;
	const struct mbx_variant *variant;
	const struct mbx_base *base;
	enum mbx_wake_kind wake;
	uint64_t offset;
	void *structure_state; /* the variant's host-side structure, if it has one */
	/* Written by the notify policy on every enqueue: its own cache line. */
	_Alignas(64) struct mbx__notify notify;
};

static inline struct mbx_abi_mailbox *mbx__mailbox_box(const struct mbx_mailbox *mailbox)
{
	/* A-BASE: pairs with R-BASE in the base policy's publish: use a base only once published. */
	return (struct mbx_abi_mailbox *)atomic_load_explicit(&mailbox->region,
	                                                      memory_order_acquire);
}

void mbx__notify_signal(struct mbx__notify *notify);

#endif /* MBX_RING_MAILBOX_INTERNAL_H */
