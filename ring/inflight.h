/* SPDX-License-Identifier: MIT */
/*
 * Private: in-flight markers, what makes mbx_mailbox_close (and an RCU base's
 * hold, for mbx_mailbox_is_signalled) a quiescence point without a shared
 * counter on the enqueue path. The scheme is liburcu's memb flavour turned
 * to one question ("is any thread still inside a call on this mailbox?"):
 * the caller side pays a thread-local load (mbx__inflight_try_begin's test),
 * a thread-local store, a compiler barrier and a release store; the waiter
 * side pays membarrier(2) and a scan of every thread's marker. The two
 * stores are what the enqueue fast path pays (a locked instruction after
 * them waits for them to drain: results/vm/close-cost/README.md); without a
 * store on entry and one on exit a waiter cannot tell a thread inside a
 * call from one that made a call and went idle.
 *
 * Protocol (m a mailbox; the "gate" is the word the waiter raises: m->closed
 * for close, m->region = 0 for an RCU base's hold):
 *   caller  self->mailbox = m (relaxed); F-MARK; read the gate; if it is
 *           raised, clear the marker and refuse; otherwise write guest
 *           memory, wake the guest, then clear the marker: R-DONE,
 *           self->mailbox = NULL (release).
 *   waiter  raise the gate; F-SCAN; then for each registered thread wait
 *           while its marker == m (A-SCAN).
 *
 * Edges:
 *   F-MARK  the caller's barrier between its marker store and its gate load:
 *           a compiler barrier that the waiter's membarrier turns into a full
 *           one on every running thread (a seq_cst fence when membarrier is
 *           missing, and under TSan); pairs with F-SCAN. Store buffering:
 *           the caller does "marker = m; F-MARK; load gate", the waiter
 *           "store gate; F-SCAN; load marker"; with both barriers one of the
 *           loads sees the other's store: the caller sees the gate raised
 *           (and writes nothing), or the waiter sees the marker (and waits
 *           for the call to end). Never neither. (Litmus: the SB shape with
 *           membarrier as a seq_cst fence in the caller.)
 *   F-SCAN  the waiter's seq_cst fence, membarrier(PRIVATE_EXPEDITED) and
 *           seq_cst fence, between raising the gate and the scan; pairs
 *           with F-MARK.
 *   R-DONE  the caller clears its marker (release) when nothing more of the
 *           call touches the mailbox or its memory; pairs with A-SCAN.
 *   A-SCAN  the waiter's acquire load of each marker; pairs with R-DONE:
 *           everything the call did (its guest writes, its futex wake)
 *           happens before the waiter returns, so its caller may then free
 *           or reuse the memory.
 * A caller that must sleep inside a call (an RCU base's producer held by a
 * move) clears its marker first (mbx__inflight_pause) and marks again, then
 * re-reads the gates, when it wakes (mbx__inflight_resume): a waiter never
 * waits for a sleeper.
 *
 * Threads link their marker into a registry on their first call and unlink
 * it when they exit (a pthread key destructor); the registry's lock is taken
 * only there and by waiters, never on the fast path. Not async-signal-safe:
 * a call from a signal handler that interrupted a call on another mailbox
 * hides the interrupted one from waiters until it returns. A fork while
 * another thread is inside a call leaves its marker set in the child.
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
	/*
	 * linked, and F-MARK is a compiler barrier (membarrier registered): the
	 * one test of mbx__inflight_try_begin. Written by this thread only.
	 */
	bool fast;
};

/* Initial-exec: one thread-pointer-relative access, no __tls_get_addr, also in libmbx.so. */
extern _Thread_local struct mbx__inflight mbx__inflight_self
    __attribute__((tls_model("initial-exec")));
/*
 * true when membarrier(2) PRIVATE_EXPEDITED is not available (old kernel,
 * qemu-user, seccomp): callers pay a seq_cst fence at F-MARK instead.
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

/* The caller's barrier after its marker store. */
static inline void mbx__inflight_barrier(void)
{
	/* F-MARK: pairs with F-SCAN in mbx__inflight_wait (a compiler barrier under membarrier). */
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
	/* Relaxed: ordered before the gate load by F-MARK (the waiter's side: F-SCAN). */
	atomic_store_explicit(&self->mailbox, mailbox, memory_order_relaxed);
	mbx__inflight_barrier();
	return self;
}

/* The call is over: nothing more of it touches the mailbox or its memory. */
static inline void mbx__inflight_end(struct mbx__inflight *self)
{
	/* R-DONE: pairs with A-SCAN in mbx__inflight_wait. */
	atomic_store_explicit(&self->mailbox, NULL, memory_order_release);
}

/*
 * mbx_enqueue's begin: when this thread is linked and F-MARK needs no fence,
 * marks it as mbx__inflight_begin does and returns true; otherwise changes
 * nothing and returns false (take mbx__inflight_begin). One thread-local
 * load, one thread-local store and no pointer to keep across the call:
 * mbx__inflight_end_self finds the marker again.
 */
static inline bool mbx__inflight_try_begin(const struct mbx_mailbox *mailbox)
{
	if (__builtin_expect(!mbx__inflight_self.fast, 0))
		return false;
	/* Relaxed: ordered before the gate load by F-MARK (the waiter's side: F-SCAN). */
	atomic_store_explicit(&mbx__inflight_self.mailbox, mailbox, memory_order_relaxed);
	/* F-MARK: a compiler barrier, fast means membarrier is registered; pairs with F-SCAN. */
	atomic_signal_fence(memory_order_seq_cst);
	return true;
}

/* mbx__inflight_end on the calling thread's marker (after mbx__inflight_try_begin). */
static inline void mbx__inflight_end_self(void)
{
	mbx__inflight_end(&mbx__inflight_self); /* R-DONE */
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
	/* Relaxed: the marker store again, ordered before the gate loads by F-MARK. */
	atomic_store_explicit(&self->mailbox, mailbox, memory_order_relaxed);
	mbx__inflight_barrier();
}

#endif /* MBX_RING_INFLIGHT_H */
