/* SPDX-License-Identifier: MIT */
/*
 * Private: the RCU-protected mailbox base, one template instantiated once per
 * liburcu flavour. Each rcu_base_<flavour>.c defines _LGPL_SOURCE (so the
 * read side is inlined: liburcu writes those functions under LGPL's 10-line
 * allowance for exactly this), includes its flavour's header, names the row
 * (MBX__RCU_PREFIX, MBX__RCU_ROW, MBX__RCU_NAME, MBX__RCU_PURPOSE) and then
 * includes this file. No include guard: one instance per translation unit.
 *
 * Protocol (region 0 means "held"):
 *   producer  enter: [qsbr: online] read_lock; r = region (A-BASE-RCU);
 *                    r == 0: read_unlock, [offline];
 *                            the caller holds the base itself: MBX_E_BUSY
 *                            (it would wait for its own publish);
 *                            closed: MBX_E_CLOSED;
 *                            else unmark (mbx__inflight_pause; an online
 *                            QSBR thread: offline), sleep while
 *                            moving == 1, mark again, closed: MBX_E_CLOSED,
 *                            retry;
 *             write through r (the variant's publish and wake);
 *             leave: read_unlock, [qsbr: offline].
 *   grower    hold:    holder = this thread; moving = 1; region = 0 (R-HOLD);
 *                      synchronize_rcu; wait for the in-flight markers
 *                      and the QSBR reports (ring/inflight.h: region = 0
 *                      is their gate).
 *                      A producer whose section began before the grace period
 *                      has left it, its writes to the old block done; one that
 *                      began after reads 0 and waits. An is_signalled, which
 *                      reads the flag marked but outside any read-side
 *                      section (so it never registers nor sleeps), saw 0 or
 *                      has returned. Nobody touches the old block from here on.
 *             (copy the old block into the new one: no enqueue can land in
 *              the old block after the copy read it, so none is lost)
 *             publish: region = new (R-BASE-RCU); holder = 0; moving = 0; wake
 *                      the sleepers.
 *             (release the old block at once: no reader can still hold it)
 * RCU alone would let a producer that read the old base before publication
 * write into the old block after the copy; waiting a grace period before the
 * copy, rather than before the free, is what makes the copy complete. A move
 * costs producers one grace period plus the copy; the read side costs what
 * the flavour's read_lock/unlock cost, measured by grow/<base>/<wake>.
 *
 * Which flavour: memb (rcu_memb) is the one to use. Its read side is a
 * thread-local counter store and compiler barriers (the grace period pays
 * with membarrier(2) instead); mb puts an mfence in read_lock and two in
 * read_unlock; qsbr's read side is free, but a library does not own its
 * callers' threads, so each enqueue has to go online (one mfence) and offline
 * (two) to never stall a grace period. The measured costs per enqueue are in
 * the README ("The liburcu variant").
 *
 * Threads register with the flavour on their first enqueue (a thread-local
 * check) and unregister when they exit (a pthread key destructor). Nothing
 * else registers: not is_signalled, not hold (synchronize_rcu needs no
 * registration). liburcu 0.13 aborts on a second registration of a thread
 * with the same flavour, and offers no way to ask: a thread the embedder
 * registered itself must not enqueue through the same flavour's row.
 *
 * Edges:
 *   R-HOLD      region = 0 (release), after moving = 1: a producer that reads
 *               0 (A-BASE-RCU) sees moving == 1 and sleeps on it.
 *   R-BASE-RCU  region = new (release; rcu_assign_pointer's role); pairs with
 *               A-BASE-RCU (rcu_dereference's role): the copied block first.
 *   The grace period orders every old-base write before the copy (liburcu's
 *   own barriers and membarrier, not C11: ThreadSanitizer cannot see it).
 *   HOLDER      holder (relaxed both ways): only compared by a thread with its
 *               own marker's address; it reads its own latest store
 *               (coherence), and no other thread's value equals its address.
 * Proved by tests/litmus/rcu-base.c: the same protocol written in C11 (GenMC
 * cannot read liburcu's assembly), with RCU modelled as liburcu's mb flavour;
 * without the grace period it fails (rcu-base-no-grace-period).
 */
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>

#include "../base.h"
#include "../futex.h"
#include "../inflight.h"

#define MBX__RCU_PASTE(prefix, name)  prefix##name
#define MBX__RCU_EXPAND(prefix, name) MBX__RCU_PASTE(prefix, name)
/* This flavour's function: RCU(read_lock) is urcu_memb_read_lock, and so on. */
#define RCU(name) MBX__RCU_EXPAND(MBX__RCU_PREFIX, name)

#define MBX__RCU_SLEEP_NS 100000000u /* a held producer re-checks at least every 100 ms */

static _Thread_local bool registered;
static pthread_key_t exit_key;
static pthread_once_t exit_key_once = PTHREAD_ONCE_INIT;

static void unregister_at_exit(void *unused)
{
	(void)unused;
	RCU(unregister_thread)();
}

static void exit_key_create(void)
{
	if (pthread_key_create(&exit_key, unregister_at_exit) != 0)
		abort(); /* without it, an exiting reader would stay registered */
}

/* Registers the calling thread on first use; leaves it offline (qsbr) between enqueues. */
static inline void reader_register(void)
{
	if (caa_likely(registered))
		return;
	pthread_once(&exit_key_once, exit_key_create);
	RCU(register_thread)();
	RCU(thread_offline)(); /* qsbr: quiescent until the next enter; memb, mb: nothing */
	pthread_setspecific(exit_key, &registered);
	registered = true;
}

static bool rcu_closed(const struct mbx_mailbox *mailbox)
{
	/* A-CLOSE: pairs with R-CLOSE in mbx_mailbox_close (read after the marker). */
	return atomic_load_explicit(&mailbox->closed, memory_order_acquire);
}

/*
 * The region inside a read-side section, or NULL outside one with *status
 * MBX_E_BUSY (the calling thread holds the base) or MBX_E_CLOSED.
 */
static struct mbx_abi_mailbox *rcu_enter_status(const struct mbx_mailbox *mailbox,
                                                enum mbx_status *status)
{
	struct mbx__inflight *self = &mbx__inflight_self;
	/* Relaxed: this thread's own marker (set by mbx_enqueue, or not: a direct caller). */
	bool marked = atomic_load_explicit(&self->mailbox, memory_order_relaxed) == mailbox;

	reader_register();
	for (;;) {
		uintptr_t region;
		bool paused;

		RCU(thread_online)();
		RCU(read_lock)();
		/* A-BASE-RCU: pairs with R-BASE-RCU and R-HOLD. */
		region = atomic_load_explicit(&mailbox->region, memory_order_acquire);
		if (caa_likely(region != 0))
			return (struct mbx_abi_mailbox *)region;
		RCU(read_unlock)();
		RCU(thread_offline)();
		/* HOLDER: the holder would wait for its own publish. */
		if (atomic_load_explicit(&mailbox->holder, memory_order_relaxed) ==
		    (uintptr_t)self) {
			*status = MBX_E_BUSY;
			return NULL;
		}
		if (rcu_closed(mailbox))
			break;
		/* Held: sleep while moving == 1 (at once if publish or close changed it), unmarked. */
		if (marked)
			mbx__inflight_pause(self);
		paused = mbx__inflight_qsbr_pause(self); /* an online QSBR thread: offline, R-QS */
		mbx__futex_wait((_Atomic uint32_t *)&mailbox->moving, 1u, MBX__RCU_SLEEP_NS, false);
		mbx__inflight_qsbr_resume(self, paused); /* online: R-QS, F-QS; then the gate */
		if (marked)
			mbx__inflight_resume(self, mailbox); /* the marker, F-MARK: then the gate */
		if (rcu_closed(mailbox))
			break;
	}
	*status = MBX_E_CLOSED;
	return NULL;
}

static struct mbx_abi_mailbox *rcu_enter(const struct mbx_mailbox *mailbox)
{
	enum mbx_status status;

	return rcu_enter_status(mailbox, &status);
}

static void rcu_leave(const struct mbx_mailbox *mailbox)
{
	(void)mailbox;
	RCU(read_unlock)();
	RCU(thread_offline)();
}

static enum mbx_status rcu_enqueue(struct mbx_mailbox *mailbox, uint32_t task_id)
{
	enum mbx_status status;
	struct mbx_abi_mailbox *box = rcu_enter_status(mailbox, &status);

	if (!box)
		return status;
	status = mailbox->enqueue(mailbox, box, task_id);
	rcu_leave(mailbox);
	return status;
}

static void rcu_hold(struct mbx_mailbox *mailbox)
{
	/* HOLDER: relaxed, see the edge table. */
	atomic_store_explicit(&mailbox->holder, (uintptr_t)&mbx__inflight_self,
	                      memory_order_relaxed);
	/* Relaxed: published by R-HOLD. */
	atomic_store_explicit(&mailbox->moving, 1u, memory_order_relaxed);
	/* R-HOLD: pairs with A-BASE-RCU: a producer that reads 0 sees moving == 1. */
	atomic_store_explicit(&mailbox->region, (uintptr_t)0, memory_order_release);
	RCU(synchronize_rcu)();
	/* F-SCAN, A-SCAN (ring/inflight.h): region = 0 is the gate; is_signalled readers done. */
	mbx__inflight_wait(mailbox);
}

static void rcu_publish(struct mbx_mailbox *mailbox, uintptr_t region)
{
	/* R-BASE-RCU: pairs with A-BASE-RCU. */
	atomic_store_explicit(&mailbox->region, region, memory_order_release);
	/* HOLDER: relaxed, see the edge table. */
	atomic_store_explicit(&mailbox->holder, (uintptr_t)0, memory_order_relaxed);
	/* Release: after the region, so a woken producer finds it (pairs with the futex's
	 * own re-read of moving; a producer that misses it retries within MBX__RCU_SLEEP_NS). */
	if (atomic_exchange_explicit(&mailbox->moving, 0u, memory_order_release) != 0)
		mbx__futex_wake_all(&mailbox->moving, false);
}

static const struct mbx__base_ops rcu_ops = {
    .enqueue = rcu_enqueue,
    .enter = rcu_enter,
    .leave = rcu_leave,
    .hold = rcu_hold,
    .publish = rcu_publish,
};

const struct mbx_base MBX__RCU_ROW = {
    .name = MBX__RCU_NAME,
    .purpose = MBX__RCU_PURPOSE,
    .rcu = true,
    .ops = &rcu_ops,
};
