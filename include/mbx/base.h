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
 * (blocking, for about one grace period plus the copy, or until close);
 * the thread that holds the base gets MBX_E_BUSY instead of waiting for
 * itself. Otherwise the enqueue is lock-free (mbx/mailbox.h).
 *
 * liburcu registration: mbx_enqueue registers the calling thread with the
 * row's flavour on that thread's first enqueue through the row, and
 * unregisters it when the thread exits (a pthread key destructor). Nothing
 * else registers: not mbx_mailbox_is_signalled, not hold/refresh/grow (a
 * grace period needs no registration). liburcu 0.13 has no way to ask
 * whether a thread is registered and aborts (an assertion) when a thread
 * registers twice with the same flavour, so a thread that the embedder
 * registered with a flavour itself must not enqueue through that flavour's
 * row: enqueue from another thread, or pick another row. Other flavours are
 * independent (each has its own registry). Under rcu_qsbr the enqueue leaves
 * the calling thread offline. hold_base must not be called inside a read-side
 * section of the same flavour (synchronize_rcu would wait for itself).
 *
 * A base is an opaque handle: a caller gets one from mbx_base_find (by name,
 * with a status) or mbx_base_at (by index) and passes it to attach in
 * mbx_options.base; it cannot make one. Handles are static: valid for the
 * life of the process, any thread.
 */
#ifndef MBX_BASE_H
#define MBX_BASE_H

#include <mbx/export.h>

#include <stdbool.h>
#include <stddef.h>

#include <mbx/status.h>

#ifdef __cplusplus
extern "C" {
#endif

struct mbx_base;

MBX_API size_t mbx_base_count(void);
/* NULL past the end. */
MBX_API const struct mbx_base *mbx_base_at(size_t index);
/*
 * MBX_OK and *out = the row called name; MBX_E_UNKNOWN_NAME when no row has
 * that name (also an rcu row in a build without liburcu), and then *out = a
 * poison handle that attach refuses with MBX_E_UNKNOWN_NAME, so an unchecked
 * typo can never become the "atomic" default. MBX_E_INVALID (nothing
 * written) when out is NULL; a NULL name is unknown.
 */
MBX_API enum mbx_status mbx_base_find(const char *name, const struct mbx_base **out);

/* The row's name and purpose; NULL for NULL, the poison handle or a non-row. */
MBX_API const char *mbx_base_name(const struct mbx_base *base);
MBX_API const char *mbx_base_purpose(const struct mbx_base *base);
/* true: an RCU row (hold waits a grace period; a move holds producers off). */
MBX_API bool mbx_base_is_rcu(const struct mbx_base *base);

#ifdef __cplusplus
}
#endif

#endif /* MBX_BASE_H */
