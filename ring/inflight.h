/* SPDX-License-Identifier: MIT */
/*
 * Private: in-flight markers, what makes mbx_mailbox_close (and an RCU base's
 * hold, for mbx_mailbox_is_signalled) a quiescence point without a shared
 * counter on the enqueue path. The scheme is liburcu's memb flavour turned
 * to one question ("is any thread still inside a call on this mailbox?"):
 * the caller side pays a thread-local store and a compiler barrier, the
 * waiter side pays membarrier(2) and a scan of every thread's marker.
 *
 * Protocol (m a mailbox; "gate" the word the waiter raises: m->closed for
 * close, m->region = 0 for an RCU base's hold):
 *   caller  M-MARK   self->mailbox = m                       (relaxed)
 *           B-MARK   compiler barrier (membarrier makes it a full one;
 *                    a seq_cst fence when membarrier is missing)
 *           read the gate (relaxed / acquire): raised -> M-DONE, refuse;
 *           otherwise write guest memory, wake the guest;
 *           M-DONE   self->mailbox = NULL                    (release)
 *   waiter  raise the gate;
 *           F-SCAN   seq_cst fence, membarrier(PRIVATE_EXPEDITED), seq_cst
 *                    fence: every running thread of the process executes a
 *                    full barrier between the gate store and the scan;
 *           A-SCAN   for each registered thread: wait while its marker == m
 *                    (acquire).
 * Edges:
 *   B-MARK <-> F-SCAN  store-buffering: caller "M-MARK; B-MARK; load gate",
 *                      waiter "store gate; F-SCAN; load marker". The barrier
 *                      F-SCAN forces on the caller's CPU orders its M-MARK
 *                      before its gate load or its gate load after the
 *                      waiter's gate store: the caller sees the gate raised
 *                      (and writes nothing) or the waiter sees the marker
 *                      (and waits for M-DONE). Never neither. (Litmus: the
 *                      SB shape with the membarrier as a seq_cst fence in
 *                      the caller; tests/litmus.)
 *   M-DONE -> A-SCAN   release/acquire: everything the call did (its guest
 *                      writes, its futex wake) happens before the waiter
 *                      returns; the waiter's caller may then free or reuse
 *                      the memory.
 * A caller that must sleep inside a call (an RCU base's producer held by a
 * move) clears its marker first (mbx__inflight_pause) and marks again, then
 * re-reads the gates, when it wakes (mbx__inflight_resume): a waiter never
 * waits for a sleeper.
 *
 * Threads link their marker into a registry on their first call and unlink
 * it when they exit (a pthread key destructor); the registry's lock is taken
 * only there and by waiters, never on the fast path. Not async-signal-safe:
 * a call from a signal handler that interrupted a call on another mailbox
 * hides the interrupted one from waiters until it returns.
 */
#ifndef MBX_RING_INFLIGHT_H
#define MBX_RING_INFLIGHT_H

#include <stdatomic.h>
#include <stdbool.h>

struct mbx_mailbox;

struct mbx__inflight {
	/* The mailbox this thread is inside a call on, or NULL. */
	_Atomic(const struct mbx_mailbox *) mailbox;
	struct mbx__inflight *next; /* the registry's list, under its lock */
	bool linked;
};

/* Initial-exec: one thread-pointer-relative access, no __tls_get_addr, also in libmbx.so. */
extern _Thread_local struct mbx__inflight mbx__inflight_self
    __attribute__((tls_model("initial-exec")));
/*
 * true when membarrier(2) PRIVATE_EXPEDITED is not available (old kernel,
 * qemu-user, seccomp): callers pay a seq_cst fence at B-MARK instead.
 * Written once by mbx__inflight_init (pthread_once) before any mailbox
 * exists; a caller reaches a mailbox only after attach returned, so it reads
 * the final value: a plain variable.
 */
extern bool mbx__inflight_fenced;

/* Once per process, from attach: probes and registers membarrier. */
void mbx__inflight_init(void);
/* Slow path of mbx__inflight_begin: links the calling thread's marker. */
void mbx__inflight_link(struct mbx__inflight *self);
/*
 * The waiter: after raising its gate, returns once no thread is inside a
 * call on mailbox (other than the calling thread itself). Blocking: yields
 * while a caller finishes a call (bounded: calls never sleep with a marker).
 */
void mbx__inflight_wait(const struct mbx_mailbox *mailbox);

/* B-MARK: a compiler barrier; paired with F-SCAN's membarrier it is a full one. */
static inline void mbx__inflight_barrier(void)
{
	if (__builtin_expect(mbx__inflight_fenced, 0))
		atomic_thread_fence(memory_order_seq_cst);
	else
		atomic_signal_fence(memory_order_seq_cst);
}

/* Marks the calling thread inside a call on mailbox; read the gate next. */
static inline struct mbx__inflight *mbx__inflight_begin(const struct mbx_mailbox *mailbox)
{
	struct mbx__inflight *self = &mbx__inflight_self;

	if (__builtin_expect(!self->linked, 0))
		mbx__inflight_link(self);
	/* M-MARK: relaxed: ordered before the gate load by B-MARK; pairs with A-SCAN via F-SCAN. */
	atomic_store_explicit(&self->mailbox, mailbox, memory_order_relaxed);
	mbx__inflight_barrier();
	return self;
}

/* The call is over: nothing more of it touches the mailbox or its memory. */
static inline void mbx__inflight_end(struct mbx__inflight *self)
{
	/* M-DONE: release; pairs with A-SCAN in mbx__inflight_wait. */
	atomic_store_explicit(&self->mailbox, NULL, memory_order_release);
}

/* Before sleeping inside a call: a waiter must not wait for a sleeper. */
static inline void mbx__inflight_pause(struct mbx__inflight *self)
{
	mbx__inflight_end(self);
}

/* After the sleep: marked again; the caller re-reads its gates next. */
static inline void mbx__inflight_resume(struct mbx__inflight *self,
                                        const struct mbx_mailbox *mailbox)
{
	/* M-MARK again, with its B-MARK. */
	atomic_store_explicit(&self->mailbox, mailbox, memory_order_relaxed);
	mbx__inflight_barrier();
}

#endif /* MBX_RING_INFLIGHT_H */
