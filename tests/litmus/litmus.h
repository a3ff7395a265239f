/* SPDX-License-Identifier: MIT */
/*
 * What every litmus program shares: the mailbox, a futex model, and the two
 * guests' drain passes composed from the library's own steps
 * (sim/guest_steps.h) in the order sim/guest.c runs them.
 *
 * The futex model. GenMC cannot run a system call, so this header defines
 * mbx_fast_futex_wake, the wake <mbx/inline.h>'s host halves call, with the
 * kernel's contract: FUTEX_WAIT blocks only if the word still
 * holds the expected value, and the kernel orders every FUTEX_WAIT check and
 * FUTEX_WAKE on a word (its hash-bucket lock). Here each of them is one
 * acq_rel RMW on a per-word wake counter, which orders them the same way at
 * the cost of one event each:
 *   wake  wakes += 1
 *   wait  seen = wakes (RMW), then read the word: the expected value means
 *         asleep until wakes != seen, or until the run ends.
 * A wake whose RMW comes before the wait's happens-before the wait's read of
 * the word, so that read sees the waker's store (the futex contract: the
 * sleeper would not block); one that comes after counts as waking the
 * sleeper (the kernel would either wake it or, had the check come later,
 * not block it: both let the guest run on). So the model loses a wake-up
 * only where the kernel would.
 * A sleeper that nobody wakes stays asleep until the run ends: main() joins
 * the producers, sets litmus_done, and the guest returns "asleep at the end".
 * The property "no id pending while the guest sleeps" is then asserted.
 */
#ifndef MBX_LITMUS_H
#define MBX_LITMUS_H

#include <assert.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include <mbx/abi.h>
#include <mbx/status.h>

/*
 * GenMC's pthread.h has no condition variables; ring/mailbox_internal.h names
 * the type for the notify policy, which no litmus program runs.
 */
#ifdef __GENMC_INTERNAL_H__
typedef struct {
	int unused;
} pthread_cond_t;
#endif

/* Per futex word (flag, waiter): how many FUTEX_WAKEs it has had. */
static atomic_uint litmus_wakes[2];
/* Set by main() once every producer has returned: the run is over. */
static atomic_int litmus_done;

static atomic_uint *litmus_wakes_of(struct mbx_abi_mailbox *box, _Atomic uint32_t *word)
{
	return &litmus_wakes[word == &box->waiter];
}

static struct mbx_abi_mailbox litmus_box;

/* <mbx/inline.h>: the publish steps and the wake policies' host halves. */
#include <mbx/inline.h>

/* FUTEX_WAKE(word): the model of the library's one futex wake (ring/mailbox.c). */
void mbx_fast_futex_wake(_Atomic uint32_t *word, bool shared)
{
	(void)shared;
	/* Acq_rel: orders this wake with every wait check on word (the kernel's bucket lock). */
	atomic_fetch_add_explicit(litmus_wakes_of(&litmus_box, word), 1u, memory_order_acq_rel);
}

#include "guest_steps.h"

enum litmus_sleep {
	LITMUS_NOT_SLEPT,
	LITMUS_WOKEN,
	LITMUS_ASLEEP_AT_END,
	LITMUS_POLLING_AT_END /* the batched guest: awake at a hole when the run ended */
};

/* FUTEX_WAIT(word, expected), until woken or the end of the run. */
static enum litmus_sleep litmus_futex_wait(_Atomic uint32_t *word, uint32_t expected)
{
	atomic_uint *wakes = litmus_wakes_of(&litmus_box, word);
	/* Acq_rel: the kernel's bucket lock, as in mbx__futex_wake. */
	unsigned seen = atomic_fetch_add_explicit(wakes, 0u, memory_order_acq_rel);

	/* Relaxed: the kernel's read of the word, ordered by the RMW above. */
	if (atomic_load_explicit(word, memory_order_relaxed) != expected)
		return LITMUS_NOT_SLEPT;
	/* Relaxed: a later wake only has to be seen; acquire: pairs with main()'s litmus_done. */
	while (atomic_load_explicit(wakes, memory_order_relaxed) == seen &&
	       !atomic_load_explicit(&litmus_done, memory_order_acquire))
		;
	/* Relaxed: ordered after the loop's reads; same location. */
	return atomic_load_explicit(wakes, memory_order_relaxed) == seen ? LITMUS_ASLEEP_AT_END
	                                                                 : LITMUS_WOKEN;
}

/* What the guest took: ids are 1..LITMUS_MAX_IDS-1. */
#ifndef LITMUS_MAX_IDS
#define LITMUS_MAX_IDS 8
#endif
static int litmus_taken[LITMUS_MAX_IDS]; /* guest thread only, read by main() after join */
static int litmus_bad_ids;               /* ids out of range or 0: a slot read before its store */

static void litmus_deliver(uint32_t id)
{
	if (id == MBX_TASK_ID_NONE || id >= LITMUS_MAX_IDS)
		litmus_bad_ids++;
	else
		litmus_taken[id]++;
}

/* The reference drain pass (sim/guest.c: begin, take, finish). */
static void litmus_reference_drain(struct mbx_abi_mailbox *box)
{
	uint32_t head = mbx__steps_reference_head(box);
	uint32_t tail = mbx__steps_tail(box);

	for (uint32_t position = head; position != tail; position++)
		litmus_deliver(mbx__steps_reference_read(box, position));
	mbx__steps_publish_head(box, tail);
	mbx__steps_reference_clear_flag(box);
}

/* The corrected drain pass (sim/guest.c: begin, take, finish). */
static void litmus_corrected_drain(struct mbx_abi_mailbox *box)
{
	uint32_t head, tail;

	mbx__steps_corrected_clear_flag(box);
	head = mbx__steps_corrected_head(box);
	tail = mbx__steps_tail(box);
	for (; head != tail; head++) {
		uint32_t id = mbx__steps_corrected_take(box, head);

		if (id == MBX_TASK_ID_NONE)
			break;
		litmus_deliver(id);
	}
	mbx__steps_publish_head(box, head);
}

/* The guest's wait per wake policy (sim/guest.c: mbx_guest_wait). */
enum litmus_wait {
	LITMUS_WAIT_SPIN,
	LITMUS_WAIT_FUTEX,
	LITMUS_WAIT_WAITER_AWARE,
	LITMUS_WAIT_WAITER_HANDOFF
};

/*
 * spin (sim/guest.c: poll_flag): poll until the flag is raised. At the end
 * of the run (main() has joined every producer: litmus_done happens-after
 * all their stores) the guest reads the flag's last value: 0 means the last
 * raise was erased or consumed, and the guest would poll forever.
 * This is also exactly when futex, which wakes on every enqueue, loses a
 * wake-up: a raise after the guest's last clear is followed by its FUTEX_WAKE,
 * which either finds the guest asleep or comes before the guest's check, which
 * then reads 1. So the futex programs use this cheaper wait.
 */
static enum litmus_sleep litmus_poll_flag(struct mbx_abi_mailbox *box)
{
	/* Relaxed: as poll_flag; acquire: pairs with main()'s release of litmus_done. */
	while (atomic_load_explicit(&box->flag, memory_order_relaxed) == 0 &&
	       !atomic_load_explicit(&litmus_done, memory_order_acquire))
		;
	/* Relaxed: after litmus_done, this reads the flag's last value. */
	return atomic_load_explicit(&box->flag, memory_order_relaxed) == 0 ? LITMUS_ASLEEP_AT_END
	                                                                   : LITMUS_WOKEN;
}

static enum litmus_sleep litmus_guest_wait(struct mbx_abi_mailbox *box, enum litmus_wait wait)
{
	enum litmus_sleep slept = LITMUS_NOT_SLEPT;

	switch (wait) {
	case LITMUS_WAIT_SPIN:
		return litmus_poll_flag(box);
	case LITMUS_WAIT_FUTEX:
		return litmus_futex_wait(&box->flag, 0u);
	case LITMUS_WAIT_WAITER_AWARE:
		if (mbx__steps_announce(box)) /* F-WAKE-GUEST */
			slept = litmus_futex_wait(&box->flag, 0u);
		break;
	case LITMUS_WAIT_WAITER_HANDOFF:
		if (mbx__steps_announce(box)) /* F-WAKE-GUEST */
			slept = litmus_futex_wait(&box->waiter, 1u);
		break;
	}
	mbx__steps_withdraw(box);
	return slept;
}

/*
 * The guest: drain, wait, until it sleeps and nobody wakes it before the
 * end of the run. Every raise wakes or keeps awake at most one pass, so the
 * loop ends in every execution.
 */
static void litmus_guest_run(struct mbx_abi_mailbox *box, bool corrected, enum litmus_wait wait)
{
	do {
		if (corrected)
			litmus_corrected_drain(box);
		else
			litmus_reference_drain(box);
	} while (litmus_guest_wait(box, wait) != LITMUS_ASLEEP_AT_END);
}

/* The corrected guest, waiting as the spin and futex policies do. */
static inline void *litmus_corrected_guest(void *unused)
{
	(void)unused;
	litmus_guest_run(&litmus_box, true, LITMUS_WAIT_SPIN);
	return NULL;
}

/*
 * The batched guest (announced; sim/guest_steps.h, sim/guest.c wait_batched):
 * its passes, and its wait per policy. Where it must not sleep (something is
 * claimed at or beyond head) it polls the slot at head and tail, as
 * poll_ring does, until one moves or the run ends.
 */
static struct mbx_guest_batch litmus_batch; /* the guest thread's */

static void litmus_batch_deliver(void *context, uint32_t id)
{
	(void)context;
	litmus_deliver(id);
}

static enum litmus_sleep litmus_batched_wait(struct mbx_abi_mailbox *box, enum litmus_wait wait)
{
	bool announce = wait == LITMUS_WAIT_WAITER_AWARE || wait == LITMUS_WAIT_WAITER_HANDOFF;
	bool clear_flag = wait == LITMUS_WAIT_WAITER_AWARE || wait == LITMUS_WAIT_FUTEX;
	enum litmus_sleep slept = LITMUS_NOT_SLEPT;
	uint32_t tail;

	/* spin never sleeps: it polls the ring (wait_batched); may_sleep only shows head here. */
	if (mbx__steps_batched_may_sleep(box, &litmus_batch, clear_flag, announce, &tail) &&
	    wait != LITMUS_WAIT_SPIN) {
		slept = litmus_futex_wait(wait == LITMUS_WAIT_WAITER_HANDOFF ? &box->waiter
		                                                             : &box->flag,
		                          wait == LITMUS_WAIT_WAITER_HANDOFF ? 1u : 0u);
	} else {
		/* Relaxed: poll_ring's hints; acquire: pairs with main()'s litmus_done. */
		while (atomic_load_explicit(&box->ring[mbx_slot_index(litmus_batch.head)],
		                            memory_order_relaxed) == MBX_TASK_ID_NONE &&
		       atomic_load_explicit(&box->tail, memory_order_relaxed) == tail &&
		       !atomic_load_explicit(&litmus_done, memory_order_acquire))
			;
		/* Acquire: as above. Polling at the end (a hole no one fills): one more pass. */
		if (atomic_load_explicit(&litmus_done, memory_order_acquire))
			slept = LITMUS_POLLING_AT_END;
	}
	if (announce)
		mbx__steps_withdraw(box);
	return slept;
}

/* The batched guest: passes and waits until it sleeps and nobody wakes it. */
static void litmus_batched_guest_run(struct mbx_abi_mailbox *box, enum litmus_wait wait)
{
	/* Relaxed: before any producer runs (the thread's creation orders it). */
	litmus_batch.head = litmus_batch.shown =
	    atomic_load_explicit(&box->head, memory_order_relaxed);
	enum litmus_sleep slept;

	do {
		(void)mbx__steps_batched_pass(box, &litmus_batch, litmus_batch_deliver, NULL);
		slept = litmus_batched_wait(box, wait);
	} while (slept != LITMUS_ASLEEP_AT_END && slept != LITMUS_POLLING_AT_END);
	/* Every producer has returned: take what they left, until a pass (beyond holes too) finds none. */
	while (slept == LITMUS_POLLING_AT_END &&
	       mbx__steps_batched_pass(box, &litmus_batch, litmus_batch_deliver, NULL) != 0)
		;
}

/*
 * Runs waiter (the thread that may sleep until the end: the guest) and
 * producers threads of producer, each given its id 1..producers; once every
 * producer has returned, ends the run (litmus_done) and joins the waiter.
 */
#define LITMUS_MAX_THREADS 4
static void litmus_run(void *(*waiter)(void *), void *(*producer)(void *), int producers)
{
	pthread_t threads[LITMUS_MAX_THREADS], sleeper;

	assert(producers <= LITMUS_MAX_THREADS);
	pthread_create(&sleeper, NULL, waiter, NULL);
	for (int i = 0; i < producers; i++)
		pthread_create(&threads[i], NULL, producer, (void *)(uintptr_t)(i + 1));
	for (int i = 0; i < producers; i++)
		pthread_join(threads[i], NULL);
	/* Release: pairs with the waits' acquire: every producer's writes come first. */
	atomic_store_explicit(&litmus_done, 1, memory_order_release);
	pthread_join(sleeper, NULL);
}

/* After every thread joined: the guest sleeps; was each of ids 1..count taken exactly once? */
static void litmus_assert_all_taken_once(int count)
{
	assert(litmus_bad_ids == 0);
	for (int id = 1; id <= count; id++)
		assert(litmus_taken[id] == 1);
}

#endif /* MBX_LITMUS_H */
