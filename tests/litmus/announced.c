// SPDX-License-Identifier: MIT
/*
 * announced + the batched guest lose no wake-up and take every id once,
 * with no fence on either side: the claim's seq_cst CAS of tail (C-TAIL) is
 * the host's Dekker store and its seq_cst load of waiter (D-HOST) the load;
 * the guest's seq_cst store of waiter and seq_cst re-load of tail are the
 * other pair (D-GUEST). In the single total order S of these four either
 * the host reads the announcement (and wakes) or the guest's re-load reads
 * the claim (and does not sleep). The producers run the very functions the
 * variant table's rows are (mbx__enqueue_announced_<policy>_at, with a
 * stand-in for the mailbox's cached head); the guest is the batched pass and
 * wait of sim/guest_steps.h (litmus.h: litmus_batched_guest_run).
 * Property: every id taken exactly once, and the guest never sleeps with an
 * id pending (it ends asleep only when nothing is left).
 * Negative controls: a guest that sleeps on what its last pass saw, without
 * re-loading tail after it announced (-DMBX_LITMUS_NO_RECHECK), and a host
 * whose waiter load is relaxed (-DMBX_LITMUS_RELAXED_WAITER: with nothing
 * ordering it after the CAS it can read the old 0 while the guest's re-load
 * misses the claim): both sleep with the id pending.
 * One producer: with two, GenMC did not finish in 20 minutes (every guest
 * round's flag and waiter writes multiply the producers' waiter reads); the
 * two-producer interleavings, holes included, are the spin model's
 * (tests/model/announced.pml, 3 producers), and announced-hole.c and
 * announced-full.c run two producers against this guest.
 *
 * litmus: announced-aware                                            expect: holds
 * litmus: announced-handoff -DHANDOFF                                expect: holds
 * litmus: announced-futex -DFUTEX                                    expect: holds
 * litmus: announced-no-recheck -DMBX_LITMUS_NO_RECHECK               expect: violated
 * litmus: announced-relaxed-waiter -DMBX_LITMUS_RELAXED_WAITER       expect: violated
 * litmus: announced-handoff-relaxed-waiter -DHANDOFF -DMBX_LITMUS_RELAXED_WAITER expect: violated
 * edges: R-ANN-SLOT A-SEQ-SLOT R-ANN-FLAG A-ANN-FLAG A-TAIL
 */
#include "litmus.h"

#ifndef HANDOFF
#define HANDOFF 0
#endif
#ifndef FUTEX
#define FUTEX 0
#endif
#ifndef PRODUCERS
#define PRODUCERS 1
#endif

/* The host's cached head, which struct mbx_mailbox holds first (mbx__head_seen). */
static struct mbx__mailbox_fast_words litmus_host;

static void *producer(void *arg)
{
	uint32_t id = (uint32_t)(uintptr_t)arg;
	struct mbx_mailbox *mailbox = (struct mbx_mailbox *)(void *)&litmus_host;

#if HANDOFF
	assert(mbx__enqueue_announced_waiter_handoff_at(mailbox, &litmus_box, id) == MBX_OK);
#elif FUTEX
	assert(mbx__enqueue_announced_futex_at(mailbox, &litmus_box, id) == MBX_OK);
#else
	assert(mbx__enqueue_announced_waiter_aware_at(mailbox, &litmus_box, id) == MBX_OK);
#endif
	return NULL;
}

static void *guest(void *arg)
{
	(void)arg;
	litmus_batched_guest_run(&litmus_box, HANDOFF ? LITMUS_WAIT_WAITER_HANDOFF
	                                      : FUTEX ? LITMUS_WAIT_FUTEX
	                                              : LITMUS_WAIT_WAITER_AWARE);
	return NULL;
}

int main(void)
{
	litmus_run(guest, producer, PRODUCERS);
	litmus_assert_all_taken_once(PRODUCERS);
	return 0;
}
