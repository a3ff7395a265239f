// SPDX-License-Identifier: MIT
/*
 * sequenced + corrected guest, two and three producers: the flag hole.
 * Each producer runs the sequenced enqueue's own publish step
 * (mbx__publish_sequenced, <mbx/inline.h>: ring/sequenced.h's claim,
 * store, raise); the guest drains with the
 * corrected guest's steps (sim/guest_steps.h) and waits for the flag (the
 * wait in litmus.h that is exact for futex, which wakes on every enqueue).
 * Property: the guest never takes a slot before its store (0 or a foreign
 * id) or twice, and never sleeps with an id pending: at the end every id was
 * taken exactly once.
 *
 * With the raise as a plain release store (the code before the fix,
 * -DMBX_LITMUS_PLAIN_RAISE) it is violated: producer A stores ring[0] and
 * raises, B stores ring[1] and raises after A; the guest's exchange reads
 * B's 1 and synchronises with B only (a plain store ends A's release
 * sequence), may read ring[0] == 0 (and a tail without A's claim, which is
 * relaxed), stops, and sleeps on the flag it cleared: A's id is pending.
 * With the raise an RMW (exchange, release) every raise continues the
 * release sequences of those before it: the guest's exchange synchronises
 * with all of them, and the hole is closed. It holds.
 * A cheaper raise, an RMW only when a relaxed load reads 0
 * (-DMBX_LITMUS_RAISE_IF_CLEAR), is violated: A's load can read B's 1 after
 * the guest's exchange has consumed it, and A then raises nothing.
 *
 * litmus: sequenced-flag-2p                               expect: holds
 * litmus: sequenced-flag-3p        -DPRODUCERS=3          expect: holds
 * litmus: sequenced-plain-raise-2p -DMBX_LITMUS_PLAIN_RAISE expect: violated
 * litmus: sequenced-raise-if-clear-2p -DMBX_LITMUS_RAISE_IF_CLEAR expect: violated
 * edges: R-FLAG A-FLAG R-SEQ-SLOT A-SEQ-SLOT A-TAIL
 */
#include "litmus.h"

#ifndef PRODUCERS
#define PRODUCERS 2
#endif

static void *producer(void *arg)
{
	/* MBX_E_FULL cannot happen: 3 ids, 256 slots. */
	assert(mbx__publish_sequenced(&litmus_box, (uint32_t)(uintptr_t)arg) == MBX_OK);
	return NULL;
}

int main(void)
{
	litmus_run(litmus_corrected_guest, producer, PRODUCERS);
	litmus_assert_all_taken_once(PRODUCERS);
	return 0;
}
