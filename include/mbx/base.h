/* SPDX-License-Identifier: MIT */
/*
 * Base policies: how producers reach the mailbox when the guest's linear
 * memory may move, and what growth does before the old block is released.
 * One table row each, chosen per mailbox in mbx_options.base.
 *
 *   atomic    the reference: the base is an atomic word (acquire load on every
 *             enqueue, release store on refresh). Growth that moves memory
 *             releases the old block while producers may still write through
 *             it: the stale-base hazard. Enqueue stays lock-free.
 *   rcu_memb  liburcu, membarrier flavour (the recommended one, see
 *             ring/urcu/rcu_base.h): producers enqueue inside a read-side
 *             critical section; growth holds them off the old block, waits a
 *             grace period, copies, publishes, then releases the old block.
 *   rcu_mb    the same over liburcu's memory-barrier flavour.
 *   rcu_qsbr  the same over the quiescent-state flavour (a producer thread goes
 *             online and offline around each enqueue).
 * The rcu rows exist when mbx is built with liburcu (CMake option MBX_URCU).
 * Under an rcu row, an enqueue that meets a move in progress waits for it
 * (blocking, for about one grace period plus the copy); otherwise lock-free.
 * A thread registers with the flavour on its first enqueue and unregisters
 * when it exits. So a thread that the embedder registered with the same
 * liburcu flavour itself must not enqueue through that row (liburcu 0.13 has
 * no way to ask whether a thread is registered), and under rcu_qsbr the
 * enqueue leaves the calling thread offline.
 */
#ifndef MBX_BASE_H
#define MBX_BASE_H

#include <stddef.h>

struct mbx__base_ops;

struct mbx_base {
	const char *name;
	const char *purpose;
	const struct mbx__base_ops *ops;
};

size_t mbx_base_count(void);
/* NULL past the end. */
const struct mbx_base *mbx_base_at(size_t index);
/* NULL when no row has that name (or mbx was built without it). */
const struct mbx_base *mbx_base_find(const char *name);

#endif /* MBX_BASE_H */
