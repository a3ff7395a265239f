// SPDX-License-Identifier: MIT
/*
 * The wake policies waiter_aware and waiter_handoff lose no wake-up, and
 * each loses one without either of its fences.
 * One producer enqueues with mbx__enqueue_sequenced_<policy>_at, the
 * function the variant table runs (<mbx/inline.h>: sequenced's publish step,
 * then the host half: F-WAKE-HOST, read waiter, wake); the
 * corrected guest drains (sim/guest_steps.h), announces itself, re-checks
 * the flag behind F-WAKE-GUEST and sleeps in FUTEX_WAIT (the model in
 * litmus.h): waiter_aware on the flag while 0, waiter_handoff on the waiter
 * word while 1. Property: the guest never sleeps with the id pending.
 * Without a fence it is the store-buffering shape (Dekker): the host's
 * waiter read and the guest's flag read can both miss the other side's
 * store, so the host skips the wake and the guest sleeps with work.
 * (The liburcu spelling of the same halves, ring/urcu/urcu_variant.c, uses
 * cmm_smp_mb, inline assembly GenMC cannot read: this checks the C11 one.)
 *
 * litmus: wake-aware                                              expect: holds
 * litmus: wake-aware-no-host-fence    -DMBX_LITMUS_DROP_FENCE_HOST  expect: violated
 * litmus: wake-aware-no-guest-fence   -DMBX_LITMUS_DROP_FENCE_GUEST expect: violated
 * litmus: wake-handoff                 -DHANDOFF                     expect: holds
 * litmus: wake-handoff-no-host-fence  -DHANDOFF -DMBX_LITMUS_DROP_FENCE_HOST  expect: violated
 * litmus: wake-handoff-no-guest-fence -DHANDOFF -DMBX_LITMUS_DROP_FENCE_GUEST expect: violated
 * edges: F-WAKE-HOST F-WAKE-GUEST
 */
#include "litmus.h"

#ifndef HANDOFF
#define HANDOFF 0 /* waiter_aware */
#endif
#ifndef PRODUCERS
#define PRODUCERS 1
#endif

static void *producer(void *arg)
{
	uint32_t id = (uint32_t)(uintptr_t)arg;

	/* The very functions the variant table's rows are (<mbx/inline.h>): publish, then wake. */
#if HANDOFF
	mbx__enqueue_sequenced_waiter_handoff_at(NULL, &litmus_box, id);
#else
	mbx__enqueue_sequenced_waiter_aware_at(NULL, &litmus_box, id);
#endif
	return NULL;
}

static void *guest(void *arg)
{
	(void)arg;
	litmus_guest_run(&litmus_box, true,
	                 HANDOFF ? LITMUS_WAIT_WAITER_HANDOFF : LITMUS_WAIT_WAITER_AWARE);
	return NULL;
}

int main(void)
{
	litmus_run(guest, producer, PRODUCERS);
	litmus_assert_all_taken_once(PRODUCERS);
	return 0;
}
