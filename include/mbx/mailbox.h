/* SPDX-License-Identifier: MIT */
/*
 * The host side of the guest mailbox: push task ids into a ring inside guest
 * linear memory and wake the guest.
 *
 * Concurrency contract
 *   mbx_enqueue, mbx_waker_wake   any number of threads at once; lock-free
 *                                 (wait-free for overwriting variants), no
 *                                 allocation; the wake may be a system call.
 *   mbx_mailbox_is_signalled,
 *   mbx_mailbox_is_closed         any thread, any time; wait-free.
 *   mbx_mailbox_close             any thread, once or more; idempotent.
 *   mbx_mailbox_refresh_base      one thread at a time, concurrent with enqueue
 *                                 (an enqueue uses the old or the new base).
 *   mbx_mailbox_attach/detach     no concurrent use of that mailbox.
 */
#ifndef MBX_MAILBOX_H
#define MBX_MAILBOX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <mbx/abi.h>
#include <mbx/memory.h>
#include <mbx/status.h>
#include <mbx/variant.h>

struct mbx_mailbox;

struct mbx_options {
	const struct mbx_variant *variant; /* NULL: "seed" */
	enum mbx_wake_kind wake;           /* MBX_WAKE_FUTEX (0) is the reference */
};

/*
 * Attaches to the mailbox at byte `offset` of the linear memory [base, base + size).
 * Checks: offset aligned to 4, the whole 1040-byte region inside memory. The
 * guest owns the bytes: attach does not initialise them. options may be NULL.
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
 * After linear memory moved or grew: re-derive the mailbox address from the
 * new base. MBX_E_OUT_OF_BOUNDS (nothing changes) when the region no longer fits.
 */
enum mbx_status mbx_mailbox_refresh_base(struct mbx_mailbox *mailbox, void *memory_base,
                                         size_t memory_size);

/* The mailbox region at the current base (for guests and tests). */
struct mbx_abi_mailbox *mbx_mailbox_region(const struct mbx_mailbox *mailbox);
const struct mbx_variant *mbx_mailbox_variant(const struct mbx_mailbox *mailbox);
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

#endif /* MBX_MAILBOX_H */
