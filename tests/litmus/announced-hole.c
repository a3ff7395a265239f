// SPDX-License-Identifier: MIT
/*
 * The batched guest takes the ids published beyond a hole and comes back
 * for the hole, and no slot is reused early. The ring starts with tail 256,
 * head 0: position 0 is claimed by producer 1, not yet stored (a hole: it
 * runs the rest of its enqueue, mbx__announced_store and the waiter_aware
 * wake half); position 1 is published (id 2); positions 2..255 were taken
 * by the guest before the run, beyond the hole (their bits are set in its
 * bitmap, their slots cleared: the state the guest's own passes leave, set
 * up directly so GenMC need not replay 254 takes). Producer 2 tries once to
 * enqueue id 3 (mbx__enqueue_announced_waiter_aware_at): it can claim
 * position 256, whose slot is the hole's, only once head has passed 0. The
 * guest (the batched pass and wait, litmus.h) takes id 2 beyond the hole
 * while producer 1 is "preempted", and id 1 when it comes.
 * Property: ids 1 and 2 taken exactly once; 3 once if it was published.
 * Negative control: a guest that shows the host its scan frontier (past the
 * hole) instead of the taken prefix (-DMBX_LITMUS_HEAD_PAST_HOLE): producer
 * 2 claims 256 and stores into slot 0 too, and one of the ids 1 and 3 is
 * overwritten.
 *
 * It runs with the spin policy (-DSPIN: no waiter word, a guest that polls
 * the ring): with waiter_aware (no -DSPIN) GenMC did not finish in 15
 * minutes; the wake-up half of the protocol is announced.c's.
 *
 * litmus: announced-hole -DSPIN                                  expect: holds
 * litmus: announced-head-past-hole -DSPIN -DMBX_LITMUS_HEAD_PAST_HOLE expect: violated
 * edges: R-HEAD A-HEAD R-ANN-SLOT A-SEQ-SLOT
 */
#include "litmus.h"

#ifndef SPIN
#define SPIN 0 /* waiter_aware */
#endif

static struct mbx__mailbox_fast_words litmus_host; /* the cached head: 0 */
static bool published;

static void *producer(void *arg)
{
	struct mbx_mailbox *mailbox = (struct mbx_mailbox *)(void *)&litmus_host;

	if ((uintptr_t)arg == 1) {
		/* The rest of an enqueue that claimed position 0 before the run. */
		mbx__announced_store(&litmus_box, 0, 1u);
#if SPIN
		mbx__announced_wake_spin(mailbox, &litmus_box);
#else
		mbx__announced_wake_waiter_aware(mailbox, &litmus_box);
#endif
	} else {
		/* The claim's first guess of tail (ring/announced.h): the tail, 256. */
		*mbx__announced_guess() = MBX_CAPACITY;
#if SPIN
		published = mbx__enqueue_announced_spin_at(mailbox, &litmus_box, 3u) == MBX_OK;
#else
		published =
		    mbx__enqueue_announced_waiter_aware_at(mailbox, &litmus_box, 3u) == MBX_OK;
#endif
	}
	return NULL;
}

static void *guest(void *arg)
{
	(void)arg;
	litmus_batched_guest_run(&litmus_box, SPIN ? LITMUS_WAIT_SPIN : LITMUS_WAIT_WAITER_AWARE);
	return NULL;
}

int main(void)
{
	/* Relaxed: before the threads start. */
	atomic_store_explicit(&litmus_box.ring[1], 2u, memory_order_relaxed);
	for (uint32_t position = 2; position < MBX_CAPACITY; position++)
		mbx__batch_flip(&litmus_batch, position); /* taken beyond the hole before the run */
	atomic_store_explicit(&litmus_box.tail, MBX_CAPACITY, memory_order_relaxed);
	litmus_run(guest, producer, 2);
	assert(litmus_bad_ids == 0);
	assert(litmus_taken[1] == 1 && litmus_taken[2] == 1);
	assert(litmus_taken[3] == (published ? 1 : 0));
	return 0;
}
