/* SPDX-License-Identifier: MIT */
/*
 * The host side of the guest mailbox: push task ids into a ring inside guest
 * linear memory and wake the guest.
 *
 * Concurrency contract
 *   mbx_enqueue, mbx_waker_wake   any number of threads at once; lock-free
 *                                 (wait-free for overwriting variants), no
 *                                 allocation (but "wfcq": one node per id);
 *                                 the wake may be a system call. Under an RCU
 *                                 base an enqueue that meets a move waits for
 *                                 it (mbx/base.h).
 *   mbx_mailbox_is_signalled,
 *   mbx_mailbox_is_closed         any thread, any time; wait-free.
 *   mbx_mailbox_close             any thread, once or more; idempotent.
 *   mbx_mailbox_hold_base,
 *   mbx_mailbox_refresh_base,
 *   mbx_mailbox_grow_memory       one grower at a time, concurrent with enqueue
 *                                 (an enqueue uses the old or the new base);
 *                                 never from inside an enqueue.
 *   mbx_mailbox_attach/detach     no concurrent use of that mailbox.
 */
#ifndef MBX_MAILBOX_H
#define MBX_MAILBOX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <mbx/abi.h>
#include <mbx/base.h>
#include <mbx/memory.h>
#include <mbx/status.h>
#include <mbx/variant.h>

#ifdef __cplusplus
extern "C" {
#endif

struct mbx_mailbox;

/*
 * The policies of a mailbox. Defaults exist only for a field the caller
 * leaves unset on purpose (zero-initialised, or options == NULL for all
 * three): variant NULL is "seed", wake 0 (MBX_WAKE_FUTEX) the reference's
 * futex, base NULL "atomic" -- the reference's hazards included. A handle
 * from a failed lookup is never NULL (mbx_variant_find and mbx_base_find
 * write a poison handle): attach refuses it with MBX_E_UNKNOWN_NAME, and
 * anything else that is not a row with MBX_E_INVALID.
 */
struct mbx_options {
	const struct mbx_variant *variant; /* NULL: "seed" */
	enum mbx_wake_kind wake;           /* MBX_WAKE_FUTEX (0) is the reference */
	const struct mbx_base *base;       /* NULL: "atomic", the reference */
};

/*
 * Attaches to the mailbox at byte `offset` of the linear memory [base, base + size).
 * Checks: offset aligned to 4, the whole 1040-byte region inside memory. The
 * guest owns the bytes: attach does not initialise them. options may be NULL
 * (every default); see struct mbx_options for what a field left unset means.
 */
enum mbx_status mbx_mailbox_attach(struct mbx_mailbox **out, void *memory_base, size_t memory_size,
                                   uint64_t offset, const struct mbx_options *options);
void mbx_mailbox_detach(struct mbx_mailbox *mailbox);

/*
 * Pushes task_id for the guest and wakes it per the wake policy.
 * MBX_E_BAD_TASK_ID for 0 or > UINT32_MAX, MBX_E_CLOSED after close (nothing
 * changes in either case), MBX_E_FULL when a non-overwriting variant is full.
 */
enum mbx_status mbx_enqueue(struct mbx_mailbox *mailbox, uint64_t task_id);

/* Marks the mailbox closed (later enqueues fail) and wakes a notify waiter. */
enum mbx_status mbx_mailbox_close(struct mbx_mailbox *mailbox);
bool mbx_mailbox_is_closed(const struct mbx_mailbox *mailbox);
/* The guest has pending wake-ups (flag != 0) and the mailbox is open. */
bool mbx_mailbox_is_signalled(const struct mbx_mailbox *mailbox);

/*
 * Moving linear memory, for a runtime that moves its own memory:
 *   1. mbx_mailbox_hold_base: under an RCU base, later enqueues wait and it
 *      returns once no producer still writes through the current base (a
 *      grace period). Under the atomic base it returns at once and producers
 *      may still write the old block: the reference's stale-base hazard.
 *   2. copy the memory (the mailbox region with it) to its new place;
 *   3. mbx_mailbox_refresh_base with the new base: producers go on there;
 *   4. release the old memory.
 * refresh_base alone (after growth that did not move, or under the atomic
 * base) re-derives the mailbox address from the new base.
 * MBX_E_OUT_OF_BOUNDS (nothing changes) when the region no longer fits; a
 * held mailbox stays held until a refresh succeeds.
 */
enum mbx_status mbx_mailbox_hold_base(struct mbx_mailbox *mailbox);
enum mbx_status mbx_mailbox_refresh_base(struct mbx_mailbox *mailbox, void *memory_base,
                                         size_t memory_size);

/*
 * The same four steps on mbx's simulated memory: grows memory by delta_pages
 * (*old_pages, may be NULL, receives the size before) and moves this mailbox
 * with it. The mailbox must be attached to memory. Errors as mbx_memory_grow,
 * with nothing changed. One grower at a time; the guest (the thread that
 * drains) is the natural grower, as memory.grow runs on the guest.
 */
enum mbx_status mbx_mailbox_grow_memory(struct mbx_mailbox *mailbox, struct mbx_memory *memory,
                                        uint32_t delta_pages, uint32_t *old_pages);

/*
 * The mailbox region at the current base (for guests and tests); NULL while
 * an RCU base holds producers off. Not protected against a concurrent move.
 */
struct mbx_abi_mailbox *mbx_mailbox_region(const struct mbx_mailbox *mailbox);
const struct mbx_variant *mbx_mailbox_variant(const struct mbx_mailbox *mailbox);
const struct mbx_base *mbx_mailbox_base(const struct mbx_mailbox *mailbox);
enum mbx_wake_kind mbx_mailbox_wake(const struct mbx_mailbox *mailbox);

/*
 * Host-side wait for the notify policy (the reference's wait_for_signal):
 * consumes one permit; MBX_E_TIMEOUT when none arrived within timeout_ns.
 */
enum mbx_status mbx_mailbox_wait_for_signal(struct mbx_mailbox *mailbox, uint64_t timeout_ns);

/* The waker: a handle bound to one task id; waking it enqueues that id. */
struct mbx_waker {
	struct mbx_mailbox *mailbox;
	uint32_t task_id;
};

enum mbx_status mbx_waker_init(struct mbx_waker *waker, struct mbx_mailbox *mailbox,
                               uint64_t task_id);
enum mbx_status mbx_waker_wake(const struct mbx_waker *waker);

#ifdef __cplusplus
}
#endif

#endif /* MBX_MAILBOX_H */
