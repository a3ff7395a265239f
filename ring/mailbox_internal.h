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
	/* Read on every enqueue; written by attach and refresh_base only. */
	_Atomic(uintptr_t) region;
	_Atomic bool closed;
	mbx_enqueue_fn enqueue;
	const struct mbx_variant *variant;
	enum mbx_wake_kind wake;
	uint64_t offset;
	/* Written by the notify policy on every enqueue: its own cache line. */
	_Alignas(64) struct mbx__notify notify;
};

static inline struct mbx_abi_mailbox *mbx__mailbox_box(const struct mbx_mailbox *mailbox)
{
	/* A-BASE: pairs with R-BASE in mbx_mailbox_refresh_base: use a base only once published. */
	return (struct mbx_abi_mailbox *)atomic_load_explicit(&mailbox->region,
	                                                      memory_order_acquire);
}

void mbx__notify_signal(struct mbx__notify *notify);

#endif /* MBX_RING_MAILBOX_INTERNAL_H */
