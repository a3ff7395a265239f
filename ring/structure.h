/* SPDX-License-Identifier: MIT */
/*
 * Private: a host-side structure that carries the ids instead of the guest's
 * ring (the "wfcq" variant, ring/urcu/wfcq.c). The guest contract stays: the
 * flag, the waiter word and the wake policies in guest memory; only where the
 * ids wait changes. The variant's publish step enqueues into the structure;
 * the guest drain takes from it.
 */
#ifndef MBX_RING_STRUCTURE_H
#define MBX_RING_STRUCTURE_H

#include <stdbool.h>
#include <stdint.h>

#include <mbx/mailbox.h>

struct mbx__structure {
	/* At attach: a fresh, empty structure in *state. */
	enum mbx_status (*create)(void **state);
	/* At detach: frees what is still queued. */
	void (*destroy)(void *state);
	/* Guest side, one thread: hands every id ready now to deliver; returns how many. */
	uint32_t (*take)(void *state, mbx_deliver_fn deliver, void *context);
	/* Guest side: ids enqueued and not yet taken. */
	bool (*pending)(void *state);
};

#endif /* MBX_RING_STRUCTURE_H */
