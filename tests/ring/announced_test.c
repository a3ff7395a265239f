/* SPDX-License-Identifier: MIT */
/*
 * announced and its batched guest, step by step from one thread (the steps
 * of ring/announced.h and <mbx/inline.h>): a producer "preempted" between
 * its claim and its slot store leaves a hole; the guest delivers the ids
 * claimed after it, never reuses a slot before head passes it (the host
 * answers MBX_E_FULL instead), never sleeps on the hole, and takes the hole's
 * id when it is stored.
 */
#include <mbx/inline.h>

#include "announced.h"
#include "check.h"
#include "rig.h"

/* The rig of announced + the batched (corrected) guest under one wake policy. */
static void announced_open(struct rig *rig, enum mbx_wake_kind wake, uint32_t ids)
{
	rig_open(rig, "announced", wake, MBX_GUEST_CORRECTED, ids);
	CHECK(mbx_variant_announced_sleep(mbx_mailbox_variant(rig->mailbox)));
}

/* The first half of an enqueue: the position is claimed, its slot not stored. */
static uint32_t claim_only(struct rig *rig)
{
	uint32_t position = 0;

	CHECK_STATUS(mbx__announced_claim(rig->box, mbx__head_seen(rig->mailbox), &position),
	             MBX_OK);
	return position;
}

static uint32_t drain(struct rig *rig)
{
	uint32_t taken = 0;

	CHECK_STATUS(mbx_guest_drain(&rig->guest, &taken), MBX_OK);
	return taken;
}

/* Item 2 of issue 14: one preempted producer stops nobody's delivery. */
static void guest_delivers_past_a_preempted_producer(void)
{
	struct rig rig;
	uint32_t hole;

	announced_open(&rig, MBX_WAKE_WAITER_HANDOFF, 100); /* ids 1..100 */
	hole = claim_only(&rig);                            /* id 1's producer is preempted here */
	for (uint32_t n = 2; n <= 100; n++)
		CHECK_STATUS(mbx_enqueue(rig.mailbox, mbx_tally_id(0, n)), MBX_OK);
	/* Nothing in a row at head (the hole), so the pass reads tail and takes beyond it. */
	CHECK_EQ(drain(&rig), 99);
	CHECK_EQ(drain(&rig), 0);
	CHECK_EQ(rig.guest.batch.head, hole);
	CHECK_EQ(mbx_guest_backlog(&rig.guest), MBX_BACKLOG_UNPUBLISHED);
	/* Relaxed: single-threaded; head stays at the hole, so no slot is reused. */
	CHECK_EQ(atomic_load_explicit(&rig.box->head, memory_order_relaxed), hole);
	/* Not a sleep on the hole: the wait polls and expires, the waiter word untouched. */
	CHECK_STATUS(mbx_guest_wait(&rig.guest, 1000000), MBX_E_TIMEOUT);
	CHECK_EQ(rig.guest.counters.head_of_line_stalls, 1);
	CHECK_EQ(rig.guest.counters.lost_wakeups, 0);
	CHECK_EQ(atomic_load_explicit(&rig.box->waiter, memory_order_relaxed), 0);
	mbx__announced_store(rig.box, hole, mbx_tally_id(0, 1)); /* the producer runs again */
	CHECK_EQ(drain(&rig), 1);
	CHECK_EQ(rig.guest.batch.head, 100);
	/* A pass shows only whole lines below head (producers may be filling head's line)... */
	CHECK(atomic_load_explicit(&rig.box->head, memory_order_relaxed) <= 100);
	CHECK_EQ(drain(&rig), 0);
	/* ...and a wait that finds nothing shows all of it before it sleeps. */
	CHECK_STATUS(mbx_guest_wait(&rig.guest, 1000000), MBX_E_TIMEOUT);
	CHECK_EQ(atomic_load_explicit(&rig.box->head, memory_order_relaxed), 100);
	rig_close_exactly_once(&rig, 100);
}

/* The slots taken beyond a hole stay claimed until head passes them: full, not overwritten. */
static void slots_beyond_a_hole_are_not_reused_before_head_passes(void)
{
	struct rig rig;
	uint32_t hole;

	announced_open(&rig, MBX_WAKE_SPIN, MBX_CAPACITY + 1);
	hole = claim_only(&rig);
	for (uint32_t n = 2; n <= MBX_CAPACITY; n++)
		CHECK_STATUS(mbx_enqueue(rig.mailbox, mbx_tally_id(0, n)), MBX_OK);
	CHECK_EQ(drain(&rig), MBX_CAPACITY - 1);
	/* Every slot but the hole's is free again, yet the ring is full until head moves. */
	CHECK_STATUS(mbx_enqueue(rig.mailbox, mbx_tally_id(0, MBX_CAPACITY + 1)), MBX_E_FULL);
	mbx__announced_store(rig.box, hole, mbx_tally_id(0, 1));
	CHECK_EQ(drain(&rig), 1);
	CHECK_STATUS(mbx_enqueue(rig.mailbox, mbx_tally_id(0, MBX_CAPACITY + 1)), MBX_OK);
	CHECK_EQ(drain(&rig), 1);
	rig_close_exactly_once(&rig, MBX_CAPACITY + 1);
}

/*
 * The slots taken in a row stay uncleared until head is shown: a pass must
 * stop one lap above the shown head, where it would read them again (the
 * stale id of a position a lap below, taken twice, and head past tail).
 */
static void guest_never_reads_a_lap_past_the_head_it_showed(void)
{
	struct rig rig;

	announced_open(&rig, MBX_WAKE_SPIN, MBX_CAPACITY);
	for (uint32_t n = 1; n <= 10; n++)
		CHECK_STATUS(mbx_enqueue(rig.mailbox, mbx_tally_id(0, n)), MBX_OK);
	CHECK_EQ(drain(&rig), 10); /* fewer than MBX__BATCH_SHOW_EVERY: head not shown yet */
	CHECK_EQ(rig.guest.batch.shown, 0);
	for (uint32_t n = 11; n <= MBX_CAPACITY; n++)
		CHECK_STATUS(mbx_enqueue(rig.mailbox, mbx_tally_id(0, n)), MBX_OK);
	/* Relaxed: single-threaded. The host filled the lap above the shown head, no more. */
	CHECK_EQ(atomic_load_explicit(&rig.box->tail, memory_order_relaxed), MBX_CAPACITY);
	CHECK_EQ(drain(&rig), MBX_CAPACITY - 10);
	CHECK_EQ(rig.guest.batch.head, MBX_CAPACITY);
	CHECK_EQ(drain(&rig), 0);
	rig_close_exactly_once(&rig, MBX_CAPACITY);
}

/* The awake enqueue leaves the flag alone; an announced sleep gets it raised and woken. */
static void waiter_aware_raises_only_for_an_announced_sleep(void)
{
	struct rig rig;

	announced_open(&rig, MBX_WAKE_WAITER_AWARE, 4);
	CHECK_STATUS(mbx_enqueue(rig.mailbox, mbx_tally_id(0, 1)), MBX_OK);
	/* Relaxed: single-threaded. */
	CHECK_EQ(atomic_load_explicit(&rig.box->flag, memory_order_relaxed), 0);
	CHECK_EQ(drain(&rig), 1);
	atomic_store_explicit(&rig.box->waiter, 1u, memory_order_relaxed); /* announced */
	CHECK_STATUS(mbx_enqueue(rig.mailbox, mbx_tally_id(0, 2)), MBX_OK);
	CHECK_EQ(atomic_load_explicit(&rig.box->flag, memory_order_relaxed), 1);
	CHECK_EQ(drain(&rig), 1);
	rig_close(&rig);
}

int main(void)
{
	RUN_CASE(guest_delivers_past_a_preempted_producer);
	RUN_CASE(slots_beyond_a_hole_are_not_reused_before_head_passes);
	RUN_CASE(guest_never_reads_a_lap_past_the_head_it_showed);
	RUN_CASE(waiter_aware_raises_only_for_an_announced_sleep);
	return CHECK_EXIT();
}
