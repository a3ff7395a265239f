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
 * The rcu rows exist when mbx is built with liburcu (CMake option MBX_URCU);
 * without it mbx_base_find("rcu_memb") is MBX_E_UNKNOWN_NAME.
 * Under an rcu row, an enqueue that meets a move in progress waits for it
 * (blocking, for about one grace period plus the copy); otherwise lock-free.
 * A thread registers with the flavour on its first enqueue and unregisters
 * when it exits. So a thread that the embedder registered with the same
 * liburcu flavour itself must not enqueue through that row (liburcu 0.13 has
 * no way to ask whether a thread is registered), and under rcu_qsbr the
 * enqueue leaves the calling thread offline.
 *
 * A base is an opaque handle: a caller gets one from mbx_base_find (by name,
 * with a status) or mbx_base_at (by index) and passes it to attach in
 * mbx_options.base; it cannot make one. Handles are static: valid for the
 * life of the process, any thread.
 */
#ifndef MBX_BASE_H
#define MBX_BASE_H

#include <stdbool.h>
#include <stddef.h>

#include <mbx/status.h>

#ifdef __cplusplus
extern "C" {
#endif

struct mbx_base;

size_t mbx_base_count(void);
/* NULL past the end. */
const struct mbx_base *mbx_base_at(size_t index);
/*
 * MBX_OK and *out = the row called name; MBX_E_UNKNOWN_NAME when no row has
 * that name (also an rcu row in a build without liburcu), and then *out = a
 * poison handle that attach refuses with MBX_E_UNKNOWN_NAME, so an unchecked
 * typo can never become the "atomic" default. MBX_E_INVALID (nothing
 * written) when out is NULL; a NULL name is unknown.
 */
enum mbx_status mbx_base_find(const char *name, const struct mbx_base **out);

/* The row's name and purpose; NULL for NULL, the poison handle or a non-row. */
const char *mbx_base_name(const struct mbx_base *base);
const char *mbx_base_purpose(const struct mbx_base *base);
/* true: an RCU row (hold waits a grace period; a move holds producers off). */
bool mbx_base_is_rcu(const struct mbx_base *base);

#ifdef __cplusplus
}
#endif

#endif /* MBX_BASE_H */
