/* SPDX-License-Identifier: MIT */
/*
 * Private: what a base policy does (the rows: ring/base.c for "atomic",
 * ring/urcu/rcu_base.h for the RCU flavours). A base policy decides how a
 * producer reaches the mailbox region and what growth that moves linear
 * memory must do before the old block may be released.
 */
#ifndef MBX_RING_BASE_H
#define MBX_RING_BASE_H

#include <mbx/base.h>

#include "mailbox_internal.h"

struct mbx__base_ops {
	/* The whole enqueue through this base: enter, mailbox->enqueue(mailbox, box, id), leave. */
	enum mbx_status (*enqueue)(struct mbx_mailbox *mailbox, uint32_t task_id);
	/* A read-side section for other host calls: the region, valid until leave. */
	struct mbx_abi_mailbox *(*enter)(const struct mbx_mailbox *mailbox);
	void (*leave)(const struct mbx_mailbox *mailbox);
	/* Grower: once it returns, no producer uses the current region until publish. */
	void (*hold)(struct mbx_mailbox *mailbox);
	/* Grower (or refresh_base): publish a region, letting held producers go. */
	void (*publish)(struct mbx_mailbox *mailbox, uintptr_t region);
};

/* A base row (opaque to callers: mbx/base.h's accessors read it). */
struct mbx_base {
	const char *name;
	const char *purpose;
	bool rcu; /* mbx_base_is_rcu */
	const struct mbx__base_ops *ops;
};

/*
 * Hidden: mbx_enqueue compares a mailbox's base with its address on every
 * call, and a PIC library would load that address from the GOT, a load the
 * locked tail RMW before it keeps on the path (0.7 ns of 10 per enqueue).
 */
extern const struct mbx_base mbx__base_atomic __attribute__((visibility("hidden")));

#endif /* MBX_RING_BASE_H */
