/* SPDX-License-Identifier: MIT */
/*
 * The host side of the guest mailbox: push task ids into a ring inside guest
 * linear memory and wake the guest.
 *
 * Ownership: the embedder owns the linear memory; it must stay mapped at the
 * base given to attach (or the last refresh_base) until detach, or until
 * mbx_mailbox_close has returned (close is a quiescence point: after it no
 * call writes or reads guest memory through this mailbox; detach and freeing
 * the memory are then safe). The mailbox object is the library's, freed by
 * detach; policy handles (mbx/variant.h, mbx/base.h) are static.
 *
 * Concurrency contract (which calls may run at once on one mailbox)
 *   mbx_enqueue, mbx_waker_wake   any number of threads at once, with each
 *                                 other and with everything below but attach
 *                                 and detach.
 *   mbx_mailbox_is_signalled,
 *   mbx_mailbox_is_closed, the
 *   accessors (region, variant,
 *   base, wake)                   any thread, any time but attach/detach.
 *   mbx_mailbox_close             any thread, once or more (idempotent); with
 *                                 enqueues in flight.
 *   mbx_mailbox_hold_base,
 *   mbx_mailbox_refresh_base,
 *   (mbx_mailbox_grow_memory,
 *    the simulator's: mbx/memory.h) one grower at a time, concurrent with enqueue
 *                                 (an enqueue uses the old or the new base);
 *                                 never from inside an enqueue.
 *   mbx_mailbox_wait_for_signal   one waiter (the notify policy's consumer).
 *   mbx_thread_online, _quiescent,
 *   _offline                      per thread, about the calling thread only:
 *                                 any thread, between its own mbx calls.
 *   mbx_mailbox_attach/detach     no other call on that mailbox at the same
 *                                 time; detach after close has returned, or
 *                                 once every other thread is done with it.
 *
 * Progress of mbx_enqueue: the sum of three policies.
 *   variant  seed, seq_cst, relaxed, release, urcu: wait-free (one fetch_add,
 *            two stores). sequenced: lock-free (a compare-exchange on tail
 *            that retries only when another producer claimed first, or the
 *            guest wrote tail). wfcq: wait-free link, but malloc per id.
 *   wake     futex, futex_private: a FUTEX_WAKE system call per enqueue
 *            (bounded, takes a kernel bucket lock). waiter_aware: the system
 *            call only while the guest announced a sleep. waiter_handoff: one
 *            system call per sleep. spin: none. notify: BLOCKING -- takes a
 *            pthread mutex per enqueue (shared with the other producers and
 *            mbx_mailbox_wait_for_signal).
 *   base     atomic: one acquire load, lock-free. rcu_*: the flavour's read
 *            side (wait-free), but BLOCKING while a move is in progress (the
 *            producer sleeps until the grower publishes, or close); the
 *            thread that holds the base gets MBX_E_BUSY instead.
 *   and once per thread, its first call on any mailbox takes a process-wide
 *   mutex to register the thread's in-flight marker (and, under an rcu base,
 *   registers it with that liburcu flavour: mbx/base.h).
 * mbx_mailbox_is_signalled, mbx_mailbox_is_closed and the accessors:
 * wait-free, never sleep, never register with liburcu.
 * mbx_mailbox_close: blocking -- one membarrier(2) system call, then waits
 * (yielding) until every enqueue that had not seen the close has returned,
 * and until every online QSBR thread (mbx_thread_online, below) has reported
 * a quiescent state or gone offline: one that never does blocks it forever.
 * Hold / grow / refresh under an rcu base: blocking (a grace period).
 *
 * What the host promises a hostile guest: see mbx/abi.h (it writes only
 * inside the attached MBX_MAILBOX_BYTES, never trusts head, and no value the
 * guest writes makes a call crash, block or loop without bound).
 *
 * Bad input: every call checks its arguments before it changes anything. A
 * NULL pointer is MBX_E_INVALID (or, for an accessor, the value it lists);
 * no call crashes on NULL. Pointers to a detached mailbox are not detected.
 */
#ifndef MBX_MAILBOX_H
#define MBX_MAILBOX_H

#include <mbx/export.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <mbx/abi.h>
#include <mbx/base.h>
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
 * Checks, in this order: out and memory_base not NULL (MBX_E_INVALID); size
 * at least MBX_MAILBOX_BYTES (MBX_E_TOO_SMALL); base + size does not wrap the
 * address space (MBX_E_INVALID); the address base + offset aligned to
 * MBX_MAILBOX_ALIGN (MBX_E_MISALIGNED); the whole region inside memory
 * (MBX_E_OUT_OF_BOUNDS); then the options (struct mbx_options).
 * MBX_MAILBOX_BYTES and MBX_MAILBOX_ALIGN are 1040 and 4 in the seed layout,
 * 1280 and 64 under MBX_ABI_V2 (mbx/abi.h). The guest owns the bytes:
 * attach does not initialise them. options may be NULL
 * (every default); see struct mbx_options for what a field left unset means.
 * On error *out is not written.
 */
MBX_API enum mbx_status mbx_mailbox_attach(struct mbx_mailbox **out, void *memory_base,
                                           size_t memory_size, uint64_t offset,
                                           const struct mbx_options *options);
/* Frees the mailbox (NULL: nothing); the memory is the embedder's. See close. */
MBX_API void mbx_mailbox_detach(struct mbx_mailbox *mailbox);

/*
 * Pushes task_id for the guest and wakes it per the wake policy.
 * MBX_E_INVALID for NULL, MBX_E_BAD_TASK_ID for 0 or > UINT32_MAX,
 * MBX_E_CLOSED after close, MBX_E_FULL when a non-overwriting variant is
 * full, MBX_E_BUSY under an rcu base when the calling thread holds the base
 * (it would wait for itself); nothing changes in any of these cases.
 * Progress: see above. Not async-signal-safe.
 */
MBX_API enum mbx_status mbx_enqueue(struct mbx_mailbox *mailbox, uint64_t task_id);

/*
 * Closes the mailbox: later enqueues, wakes and is_signalled return
 * MBX_E_CLOSED, producers an rcu base holds off return MBX_E_CLOSED instead
 * of waiting for a publish, and a notify waiter is woken. When it returns, no
 * enqueue on this mailbox is still writing guest memory or waking the guest
 * (a quiescence point): detach, and releasing the memory, are safe. Blocking
 * (see above): it waits for enqueues in flight, and, when any thread of the
 * process is an online QSBR thread, until each of them (whether it uses this
 * mailbox or not) has called mbx_thread_quiescent or mbx_thread_offline, or
 * exited; a calling thread that is online itself counts as quiescent. Never
 * call it from inside an enqueue. MBX_E_INVALID for NULL.
 */
MBX_API enum mbx_status mbx_mailbox_close(struct mbx_mailbox *mailbox);
/* true once closed; true for NULL (a NULL mailbox takes nothing). */
MBX_API bool mbx_mailbox_is_closed(const struct mbx_mailbox *mailbox);
/*
 * *signalled = the guest has pending wake-ups (flag != 0). Under
 * "announced" the flag is raised only for a guest that announced a sleep
 * (and on every enqueue under futex and futex_private): false there does not
 * mean the ring is empty. MBX_OK;
 * MBX_E_CLOSED after close and MBX_E_BUSY while an rcu base is held (by any
 * thread: the flag is being moved), both with *signalled = false;
 * MBX_E_INVALID (nothing written) for a NULL argument. Wait-free: never
 * sleeps, never registers the thread with liburcu.
 */
MBX_API enum mbx_status mbx_mailbox_is_signalled(const struct mbx_mailbox *mailbox,
                                                 bool *signalled);

/*
 * Moving linear memory, for a runtime that moves its own memory:
 *   1. mbx_mailbox_hold_base: under an RCU base, later enqueues wait and it
 *      returns once no producer still writes through the current base (a
 *      grace period; then, as close, it waits for every online QSBR thread
 *      to report or go offline). Under the atomic base it returns at once
 *      and producers may still write the old block: the reference's
 *      stale-base hazard.
 *   2. copy the memory (the mailbox region with it) to its new place;
 *   3. mbx_mailbox_refresh_base with the new base: producers go on there;
 *   4. release the old memory.
 * (mbx_mailbox_grow_memory in mbx/memory.h does the four on mbx-sim's
 * simulated memory.) refresh_base alone (after growth that did not move, or under the atomic
 * base) re-derives the mailbox address from the new base.
 * refresh_base checks the new memory as attach does (MBX_E_INVALID,
 * MBX_E_TOO_SMALL, MBX_E_MISALIGNED, MBX_E_OUT_OF_BOUNDS; nothing changes); a
 * held mailbox stays held until a refresh succeeds. While the thread that
 * called hold_base holds it, its own enqueues return MBX_E_BUSY and
 * is_signalled returns MBX_E_BUSY (any thread); other producers wait.
 */
MBX_API enum mbx_status mbx_mailbox_hold_base(struct mbx_mailbox *mailbox);
MBX_API enum mbx_status mbx_mailbox_refresh_base(struct mbx_mailbox *mailbox, void *memory_base,
                                                 size_t memory_size);

/*
 * The mailbox region at the current base (for guests and tests); NULL while
 * an RCU base holds producers off, and for NULL. Not protected against a
 * concurrent move. variant / base: the mailbox's handles (NULL for NULL);
 * wake: its policy (MBX_WAKE_COUNT for NULL).
 */
MBX_API struct mbx_abi_mailbox *mbx_mailbox_region(const struct mbx_mailbox *mailbox);
MBX_API const struct mbx_variant *mbx_mailbox_variant(const struct mbx_mailbox *mailbox);
MBX_API const struct mbx_base *mbx_mailbox_base(const struct mbx_mailbox *mailbox);
MBX_API enum mbx_wake_kind mbx_mailbox_wake(const struct mbx_mailbox *mailbox);

/*
 * Host-side wait for the notify policy (the reference's wait_for_signal):
 * consumes one permit; MBX_E_TIMEOUT when none arrived within timeout_ns.
 * Blocking (a condition variable, at most timeout_ns); close wakes it.
 */
MBX_API enum mbx_status mbx_mailbox_wait_for_signal(struct mbx_mailbox *mailbox,
                                                    uint64_t timeout_ns);

/*
 * Called for every id a consumer takes (mbx_mailbox_host_take here, the
 * simulated guest in mbx/guest.h). overflowed: this drain found tail more
 * than 256 ahead of head, so a repeated id is a replay of an overwritten slot
 * (a duplicate) rather than a slot read before its store (stale).
 */
typedef void (*mbx_deliver_fn)(void *context, uint32_t task_id, bool overflowed);

/*
 * A variant whose ids wait in a host-side structure (mbx_variant_host_structure:
 * "wfcq") keeps only the flag and the waiter word in guest memory; its ids
 * are taken here, by a consumer in the host process (mbx-sim's guest; a real
 * guest cannot read host memory). take: hands every id ready now to deliver,
 * in order, and returns how many (0 for NULL, a NULL deliver or a ring
 * variant); one taker at a time, concurrent with enqueue; never blocks (but
 * frees each node). pending: ids enqueued and not yet taken (false for NULL
 * or a ring variant); wait-free.
 */
MBX_API uint32_t mbx_mailbox_host_take(struct mbx_mailbox *mailbox, mbx_deliver_fn deliver,
                                       void *context);
MBX_API bool mbx_mailbox_host_pending(const struct mbx_mailbox *mailbox);

/*
 * QSBR producers (opt-in; quiescent-state-based, as liburcu's QSBR flavour).
 * By default every mbx_enqueue marks its thread inside the call (two
 * thread-local stores), which is what lets close wait for it; on the
 * cheapest rows that is a nanosecond or more per call (docs/embedding.md).
 * A thread that can report when it is between mbx calls -- an event loop,
 * once per batch -- can go online instead:
 *   mbx_thread_online     the calling thread becomes an online QSBR thread:
 *                         its mbx_enqueue (and mbx_waker_wake) store no
 *                         marker, and close covers its inline enqueues
 *                         (<mbx/inline.h>) too. It promises to call mbx_thread_quiescent
 *                         every so often, always between its mbx calls,
 *                         and mbx_thread_offline before it blocks for long.
 *   mbx_thread_quiescent  reports that the calling thread is between calls:
 *                         every enqueue it made before has returned. A
 *                         store and (without membarrier(2)) a fence.
 *   mbx_thread_offline    the calling thread stops being a QSBR thread until
 *                         its next mbx_thread_online: its calls are marked
 *                         again, and close no longer waits for it. A thread
 *                         that exits online goes offline by itself.
 * The cost of the promise: close (and hold under an RCU base) waits until
 * every online QSBR thread of the process has reported or gone offline since
 * it began -- an online thread that never reports makes them block forever.
 * An RCU base's producer held by a move goes offline while it sleeps, and
 * an online thread that calls close or hold itself is quiescent for their
 * wait, so neither waits for itself.
 * Statuses: MBX_OK; MBX_E_INVALID, nothing changed, for online on a thread
 * already online, and for quiescent or offline on a thread not online (never
 * online, or offline already). Concurrency: each call is about the calling
 * thread only; any number of threads may call them at once, and at once with
 * every other call. Progress: quiescent and offline are wait-free; online is
 * wait-free but on a thread's first mbx call, which takes a process-wide
 * mutex (as enqueue's first call does). mbx_mailbox_is_signalled stays
 * marked on every thread. Not async-signal-safe: a report from a signal
 * handler that interrupted an enqueue would end close's wait while that
 * enqueue still writes (not detected: detecting it would cost the store this
 * scheme saves).
 */
MBX_API enum mbx_status mbx_thread_online(void);
MBX_API enum mbx_status mbx_thread_quiescent(void);
MBX_API enum mbx_status mbx_thread_offline(void);

/* The waker: a handle bound to one task id; waking it enqueues that id. */
struct mbx_waker {
	struct mbx_mailbox *mailbox;
	uint32_t task_id;
};

/* MBX_E_INVALID for NULL, MBX_E_BAD_TASK_ID as enqueue; nothing written on error. */
MBX_API enum mbx_status mbx_waker_init(struct mbx_waker *waker, struct mbx_mailbox *mailbox,
                                       uint64_t task_id);
/* mbx_enqueue(waker->mailbox, waker->task_id): the same statuses and progress. */
MBX_API enum mbx_status mbx_waker_wake(const struct mbx_waker *waker);

#ifdef __cplusplus
}
#endif

#endif /* MBX_MAILBOX_H */
