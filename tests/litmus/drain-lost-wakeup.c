// SPDX-License-Identifier: MIT
/*
 * The reference drain's lost wake-up, and the corrected drain without it.
 * One producer (two in the last run) enqueues with seed's publish step
 * (mbx__publish_seed, <mbx/inline.h>) and a FUTEX_WAKE; the guest drains
 * (sim/guest_steps.h) and sleeps on the flag while it is 0 (the wait in
 * litmus.h that is exact for futex).
 * Property: the guest never sleeps with an id pending (head != tail).
 *   reference  violated: it reads tail, and clears the flag last (relaxed):
 *              a raise between the two is erased, and the guest sleeps on a
 *              flag that no later enqueue raises. (It may also take a slot
 *              before its store, publication.c; only pending ids count here.)
 *   corrected  holds: it clears the flag (A-FLAG exchange) before it reads
 *              tail, so an enqueue it misses raises the flag after the clear.
 *   corrected, two seed producers: violated. seed raises with a plain
 *              release store, so it has sequenced's old flag hole
 *              (sequenced-flag.c): the guest's exchange synchronises with the
 *              last raiser only and can find the other's slot still 0. The
 *              overwriting rows keep the reference's raise; they pair with
 *              the reference guest.
 *
 * litmus: drain-reference-lost-wakeup    -DREFERENCE    expect: violated
 * litmus: drain-corrected-no-lost-wakeup                expect: holds
 * litmus: drain-corrected-seed-2p        -DPRODUCERS=2  expect: violated
 * edges: R-FLAG A-FLAG A-TAIL
 */
#include "litmus.h"

#ifndef PRODUCERS
#define PRODUCERS 1
#endif

static uint32_t guest_head;

static void *producer(void *arg)
{
	mbx__publish_seed(&litmus_box, (uint32_t)(uintptr_t)arg);
	return NULL; /* FUTEX_WAKE: the wait's model covers it (litmus.h) */
}

static void *guest(void *arg)
{
	(void)arg;
#ifdef REFERENCE
	litmus_guest_run(&litmus_box, false, LITMUS_WAIT_SPIN);
#else
	litmus_guest_run(&litmus_box, true, LITMUS_WAIT_SPIN);
#endif
	/* Relaxed: only the guest writes head. */
	guest_head = atomic_load_explicit(&litmus_box.head, memory_order_relaxed);
	return NULL;
}

int main(void)
{
	litmus_run(guest, producer, PRODUCERS);
	/* The guest sleeps: with nothing pending? (Relaxed: after every join.) */
	assert(guest_head == atomic_load_explicit(&litmus_box.tail, memory_order_relaxed));
	return 0;
}
