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
 * QSBR threads (opt-in: mbx_thread_online, mbx_thread_quiescent,
 * mbx_thread_offline; liburcu's QSBR flavour turned to the same question).
 * A thread that goes online promises to report a quiescent state between
 * its mbx calls, never inside one; its mbx_enqueue then stores no marker at
 * all (one thread-local test, then the gate and the variant). Instead:
 *   online     quiescent = a new odd number (R-QS); F-QS; path = QSBR.
 *   quiescent  quiescent = a new odd number (R-QS); F-QS.
 *   offline    path = the marker path; quiescent = 0 (R-QS). No barrier
 *              after it: the thread's later calls are marked again.
 *   waiter     raise the gate; F-SCAN; for each registered thread, besides
 *              waiting on its marker, snapshot its counter (A-QS) and, if
 *              not 0, wait while it still equals the snapshot (A-QS).
 * Why it is enough: the waiter's snapshot s was stored by a report (or an
 * online) Q0. A call after Q0 that the snapshot does not cover may have
 * missed the gate; the next report Q1 comes after that call returned (the
 * promise), and the waiter waits for it. A call after Q1 sees the gate: it
 * is the store-buffering shape again, "quiescent = c1; F-QS; load gate"
 * against "store gate; F-SCAN; load quiescent", and the waiter's load read
 * s, older than c1, so F-SCAN came before F-QS and the call's gate load
 * sees the gate raised. A value 0 (offline) ends the wait the same way:
 * the next online is a store and F-QS before any later call.
 * Edges:
 *   R-QS    the report's store (release); pairs with A-QS: every call the
 *           thread made before the report (its guest writes, its wake)
 *           happens before the waiter returns. Offline's store of 0 too.
 *   A-QS    the waiter's acquire loads of each counter (the snapshot, and
 *           each load of the wait); pairs with R-QS.
 *   F-QS    after the report's store, before any later gate load: the
 *           marker's barrier, mbx__inflight_barrier (a compiler barrier
 *           that the waiter's membarrier turns into a full one; a seq_cst
 *           fence without membarrier and under TSan); pairs with F-SCAN.
 *           (Litmus: tests/litmus/close-qsbr.c, with and without
 *           membarrier; without F-QS, or without F-SCAN, it is violated.)
 * The fast path of an online thread is mbx__inflight_qsbr_online's test,
 * tested first in mbx_enqueue, and a tail jump into the variant: no store
 * (not even a saved register) before the variant's locked instruction. The
 * counter is an unsigned long: where that is 32 bits, a waiter could miss a
 * change only if the thread reported exactly 2^31 times between two of its
 * loads. What it costs instead: a report is a
 * store and (without membarrier) a fence per report, not per call; and a
 * waiter waits for every online QSBR thread of the process, whether it
 * calls this mailbox or not, until it reports or goes offline: one that
 * never does makes close and hold block forever (the contract in
 * mbx/mailbox.h).
 *   sleep   a QSBR thread that must sleep inside a call (an RCU base's
 *           producer held by a move) goes offline around the sleep
 *           (mbx__inflight_qsbr_pause / _resume: R-QS, then online's store
 *           and F-QS, then it re-reads its gates), as a marker thread
 *           clears its marker: a waiter never waits for a sleeper.
 *   waiter  a waiter that is itself an online QSBR thread goes offline for
 *           its wait and online after it: it is between enqueues, so it is
 *           quiescent, and two QSBR threads closing at once do not wait for
 *           each other.
 *   inside  a report from inside a call cannot happen: no mbx call runs the
 *           caller's code, so only a signal handler that interrupted one
 *           could, and that would declare the interrupted enqueue over while
 *           it still writes. Not detected (it would cost a store per call):
 *           mbx_thread_* are not async-signal-safe.
 *   others  mbx_mailbox_is_signalled and the calls of an offline or
 *           never-online thread use the marker as before; an online thread's
 *           is_signalled is marked too (not a fast path), so a waiter also
 *           waits on its marker.
 *   exit    a thread that exits online is taken offline (R-QS: quiescent =
 *           0) and then unlinked by its pthread key destructor.
 *
 * Threads link their marker into a registry on their first call (or
 * mbx_thread_online) and unlink it when they exit (a pthread key
 * destructor); the registry's lock is taken only there and by waiters, never
 * on the fast path. Not async-signal-safe:
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
	/*
	 * Online QSBR thread (mbx_thread_online): its latest report, an odd
	 * number (R-QS, A-QS); 0 while not online, including every marker
	 * thread. Written by this thread only; read by waiters.
	 */
	_Atomic(unsigned long) quiescent;
	unsigned long reports; /* the last value this thread stored in quiescent (plain: its own) */
	bool linked;
	/*
	 * How mbx_enqueue enters (mbx__inflight_try_begin's one test, one byte):
	 * MBX__PATH_MARK on its fast path. Written by this thread only.
	 */
	unsigned char path;
};

enum {
	MBX__PATH_SLOW = 0, /* not linked, or F-MARK is a fence: enqueue_marked, out of line */
	MBX__PATH_MARK =
	    1, /* linked and membarrier registered: the marker, F-MARK a compiler barrier */
	MBX__PATH_QSBR = 2, /* an online QSBR thread: no marker at all */
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
/* The marker path of a linked thread: MBX__PATH_MARK, or MBX__PATH_SLOW without membarrier. */
static inline unsigned char mbx__inflight_marker_path(void)
{
	return mbx__inflight_fenced ? MBX__PATH_SLOW : MBX__PATH_MARK;
}
/*
 * The waiter: after raising its gate, returns once no thread is inside a
 * call on mailbox (other than the calling thread itself) and every online
 * QSBR thread has reported a quiescent state or gone offline since the gate.
 * Blocking: yields while a caller finishes a call (bounded: calls never sleep
 * with a marker) and while an online QSBR thread has not reported (unbounded:
 * the thread's promise).
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
 * mbx_enqueue's begin: when this thread is linked, not an online QSBR
 * thread and F-MARK needs no fence, marks it as mbx__inflight_begin does and
 * returns true; otherwise changes nothing and returns false (then
 * mbx__inflight_qsbr_online says whether to go unmarked, else take
 * mbx__inflight_begin). One thread-local
 * load, one thread-local store and no pointer to keep across the call:
 * mbx__inflight_end_self finds the marker again.
 */
static inline bool mbx__inflight_try_begin(const struct mbx_mailbox *mailbox)
{
	if (__builtin_expect(mbx__inflight_self.path != MBX__PATH_MARK, 0))
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

/* Whether the calling thread is an online QSBR thread: its calls store no marker. */
static inline bool mbx__inflight_qsbr_online(void)
{
	return mbx__inflight_self.path == MBX__PATH_QSBR;
}

/* A report (online's and quiescent's): a new value, then F-QS. */
static inline void mbx__inflight_report(struct mbx__inflight *self)
{
	self->reports = (self->reports + 2u) | 1u; /* odd: never 0, which is offline */
	/* R-QS: pairs with A-QS in mbx__inflight_wait: the calls before it are over. */
	atomic_store_explicit(&self->quiescent, self->reports, memory_order_release);
	/* F-QS: pairs with F-SCAN; the report before the next call's gate load. */
	mbx__inflight_barrier();
}

/* Offline: later calls are marked; a waiter stops waiting for this thread. */
static inline void mbx__inflight_offline(struct mbx__inflight *self)
{
	self->path = mbx__inflight_marker_path();
	/* R-QS: pairs with A-QS: 0, offline; the calls before it are over. */
	atomic_store_explicit(&self->quiescent, 0ul, memory_order_release);
}

/* Back online after mbx__inflight_offline: a report, then unmarked calls. */
static inline void mbx__inflight_online(struct mbx__inflight *self)
{
	mbx__inflight_report(self); /* R-QS, F-QS */
	self->path = MBX__PATH_QSBR;
}

/*
 * Before sleeping inside a call: an online QSBR thread goes offline (a
 * waiter must not wait for a sleeper); returns whether it did, for
 * mbx__inflight_qsbr_resume. Nothing for any other thread.
 */
static inline bool mbx__inflight_qsbr_pause(struct mbx__inflight *self)
{
	if (self->path != MBX__PATH_QSBR)
		return false;
	mbx__inflight_offline(self); /* R-QS */
	return true;
}

/* After the sleep: online again (R-QS, F-QS); the caller re-reads its gates next. */
static inline void mbx__inflight_qsbr_resume(struct mbx__inflight *self, bool paused)
{
	if (paused)
		mbx__inflight_online(self);
}

#endif /* MBX_RING_INFLIGHT_H */
