/* SPDX-License-Identifier: MIT */
/*
 * Deterministic interleavings, run from one thread: the enqueue and the drain
 * are split into their real steps (ring/overwriting.h, ring/sequenced.h,
 * sim/guest_steps.h) and run in a chosen order. Each reference hazard is
 * shown by a case whose name says it expects the hazard; the same schedule
 * against sequenced + the corrected guest shows none.
 */
#include "check.h"
#include "guest_steps.h"
#include "overwriting.h"
#include "rig.h"
#include "sequenced.h"

/* Seed's steps with seed's orders: claim (acq_rel), store (relaxed), raise (release). */
static uint32_t seed_claim(struct rig *rig)
{
	return MBX__OVERWRITING_CLAIM(rig->box, memory_order_acq_rel);
}

static void seed_store_and_raise(struct rig *rig, uint32_t position, uint32_t id)
{
	MBX__OVERWRITING_STORE(rig->box, position, id, memory_order_relaxed);
	MBX__OVERWRITING_RAISE(rig->box, memory_order_release);
}

/* (1) 257 enqueues with no drain: slot 0 is overwritten, the drain replays it. */
static void reference_overwrites_when_guest_falls_257_behind_expected_hazard(void)
{
	struct mbx_tally_counts counts;
	struct rig rig;

	rig_open(&rig, "seed", MBX_WAKE_FUTEX, MBX_GUEST_REFERENCE, MBX_CAPACITY + 1);
	for (uint32_t sequence = 1; sequence <= MBX_CAPACITY + 1; sequence++)
		CHECK_STATUS(mbx_enqueue(rig.mailbox, mbx_tally_id(0, sequence)), MBX_OK);
	CHECK_STATUS(mbx_guest_drain(&rig.guest, NULL), MBX_OK);
	CHECK_EQ(rig.guest.counters.overwritten, 1);
	counts = rig_close(&rig);
	CHECK_EQ(counts.delivered, MBX_CAPACITY); /* ids 2..257 */
	CHECK_EQ(counts.duplicated, 1);           /* id 257, read at positions 0 and 256 */
	CHECK_EQ(counts.lost, 1);                 /* id 1, overwritten */
}

static void sequenced_pushes_back_when_guest_falls_257_behind(void)
{
	struct rig rig;

	rig_open(&rig, "sequenced", MBX_WAKE_FUTEX, MBX_GUEST_CORRECTED, MBX_CAPACITY + 1);
	for (uint32_t sequence = 1; sequence <= MBX_CAPACITY; sequence++)
		CHECK_STATUS(mbx_enqueue(rig.mailbox, mbx_tally_id(0, sequence)), MBX_OK);
	CHECK_STATUS(mbx_enqueue(rig.mailbox, mbx_tally_id(0, MBX_CAPACITY + 1)), MBX_E_FULL);
	CHECK_EQ(atomic_load(&rig.box->tail), MBX_CAPACITY); /* the refused id wrote nothing */
	CHECK_STATUS(mbx_guest_drain(&rig.guest, NULL), MBX_OK);
	CHECK_STATUS(mbx_enqueue(rig.mailbox, mbx_tally_id(0, MBX_CAPACITY + 1)), MBX_OK);
	CHECK_STATUS(mbx_guest_drain(&rig.guest, NULL), MBX_OK);
	CHECK_EQ(rig.guest.counters.overwritten, 0);
	rig_close_exactly_once(&rig, MBX_CAPACITY + 1);
}

/* (2) The guest sees the new tail and reads the slot before the producer stores it. */
static void reference_reads_slot_before_its_store_expected_hazard(void)
{
	struct mbx__drain_pass pass;
	struct mbx_tally_counts counts;
	struct rig rig;
	uint32_t position;

	rig_open(&rig, "seed", MBX_WAKE_FUTEX, MBX_GUEST_REFERENCE, 1);
	position = seed_claim(&rig);
	mbx__guest_begin(&rig.guest, &pass);
	mbx__guest_take(&rig.guest, &pass); /* reads slot 0: still 0 */
	mbx__guest_finish(&rig.guest, &pass);
	seed_store_and_raise(&rig, position, mbx_tally_id(0, 1));
	CHECK_STATUS(mbx_guest_drain(&rig.guest, NULL), MBX_OK); /* head == tail: nothing */
	counts = rig_close(&rig);
	CHECK_EQ(counts.stale, 1);
	CHECK_EQ(counts.delivered, 0);
	CHECK_EQ(counts.lost, 1);
}

static void sequenced_guest_waits_for_the_slot_store(void)
{
	struct mbx__drain_pass pass;
	struct rig rig;
	uint32_t position = 99;

	rig_open(&rig, "sequenced", MBX_WAKE_FUTEX, MBX_GUEST_CORRECTED, 1);
	CHECK_STATUS(mbx__sequenced_claim(rig.box, &position), MBX_OK);
	CHECK_EQ(position, 0);
	mbx__guest_begin(&rig.guest, &pass);
	mbx__guest_take(&rig.guest, &pass); /* slot 0 is 0: not published, stop */
	mbx__guest_finish(&rig.guest, &pass);
	CHECK_EQ(pass.taken, 0);
	CHECK_EQ(atomic_load(&rig.box->head), 0);
	mbx__sequenced_store(rig.box, position, mbx_tally_id(0, 1));
	mbx__sequenced_raise(rig.box);
	CHECK_STATUS(mbx_guest_drain(&rig.guest, NULL), MBX_OK);
	rig_close_exactly_once(&rig, 1);
}

/*
 * (3) An enqueue lands between the guest's tail read and its final flag = 0:
 * the flag is erased, the guest sleeps with work pending and its bounded wait
 * times out.
 */
static void reference_loses_wakeup_between_tail_read_and_flag_clear_expected_hazard(void)
{
	struct mbx__drain_pass pass;
	struct rig rig;

	rig_open(&rig, "seed", MBX_WAKE_FUTEX, MBX_GUEST_REFERENCE, 1);
	mbx__guest_begin(&rig.guest, &pass); /* tail 0 */
	CHECK_STATUS(mbx_enqueue(rig.mailbox, mbx_tally_id(0, 1)),
	             MBX_OK); /* flag 1, wake: nobody */
	mbx__guest_take(&rig.guest, &pass);
	mbx__guest_finish(&rig.guest, &pass); /* flag = 0 erases the enqueue's flag */
	CHECK_EQ(atomic_load(&rig.box->flag), 0);
	CHECK_STATUS(mbx_guest_wait(&rig.guest, 1000000), MBX_E_TIMEOUT);
	CHECK_EQ(rig.guest.counters.lost_wakeups, 1);
	rig_close(&rig);
}

static void corrected_guest_keeps_the_flag_raised_between_tail_read_and_sleep(void)
{
	struct mbx__drain_pass pass;
	struct rig rig;

	rig_open(&rig, "sequenced", MBX_WAKE_FUTEX, MBX_GUEST_CORRECTED, 1);
	mbx__guest_begin(&rig.guest, &pass); /* flag cleared first, then tail 0 */
	CHECK_STATUS(mbx_enqueue(rig.mailbox, mbx_tally_id(0, 1)), MBX_OK);
	mbx__guest_take(&rig.guest, &pass);
	mbx__guest_finish(&rig.guest, &pass);
	CHECK_EQ(atomic_load(&rig.box->flag), 1);
	CHECK_STATUS(mbx_guest_wait(&rig.guest, 1000000000), MBX_OK); /* returns at once */
	CHECK_EQ(rig.guest.counters.lost_wakeups, 0);
	CHECK_STATUS(mbx_guest_drain(&rig.guest, NULL), MBX_OK);
	rig_close_exactly_once(&rig, 1);
}

/*
 * (4) What an expired wait counts (mbx/guest.h), corrected guest: a claimed,
 * unpublished slot at head is a head-of-line stall (two expired waits at the
 * same head are one stall, timed across both); a published id at head whose
 * flag was never raised is a lost wake-up; an empty ring is neither.
 */
static void expired_waits_count_head_of_line_stalls_apart_from_lost_wakeups(void)
{
	const uint64_t wait_ns = 1000000; /* the futex returns ETIMEDOUT no sooner */
	struct mbx_tally_counts counts;
	struct rig rig;
	uint32_t position = 99;

	rig_open(&rig, "sequenced", MBX_WAKE_FUTEX, MBX_GUEST_CORRECTED, 1);
	CHECK_STATUS(mbx__sequenced_claim(rig.box, &position), MBX_OK);
	CHECK_EQ(mbx_guest_backlog(&rig.guest), MBX_BACKLOG_UNPUBLISHED);
	CHECK_STATUS(mbx_guest_drain(&rig.guest, NULL), MBX_OK); /* stops at slot 0 */
	CHECK_STATUS(mbx_guest_wait(&rig.guest, wait_ns), MBX_E_TIMEOUT);
	CHECK_STATUS(mbx_guest_drain(&rig.guest, NULL), MBX_OK);
	CHECK_STATUS(mbx_guest_wait(&rig.guest, wait_ns), MBX_E_TIMEOUT);
	CHECK_EQ(rig.guest.counters.timeouts, 2);
	CHECK_EQ(rig.guest.counters.head_of_line_stalls, 1);
	CHECK(rig.guest.counters.head_of_line_stall_ns >= 2 * wait_ns);
	CHECK(rig.guest.counters.head_of_line_stall_max_ns >= 2 * wait_ns);
	CHECK_EQ(rig.guest.counters.lost_wakeups, 0);

	mbx__sequenced_store(rig.box, position, mbx_tally_id(0, 1)); /* no raise: no wake */
	CHECK_EQ(mbx_guest_backlog(&rig.guest), MBX_BACKLOG_PUBLISHED);
	CHECK_STATUS(mbx_guest_wait(&rig.guest, wait_ns), MBX_E_TIMEOUT);
	CHECK_EQ(rig.guest.counters.lost_wakeups, 1);
	CHECK_EQ(rig.guest.counters.head_of_line_stalls, 1);

	CHECK_STATUS(mbx_guest_drain(&rig.guest, NULL), MBX_OK);
	CHECK_EQ(mbx_guest_backlog(&rig.guest), MBX_BACKLOG_NONE);
	CHECK_STATUS(mbx_guest_wait(&rig.guest, wait_ns), MBX_E_TIMEOUT);
	CHECK_EQ(rig.guest.counters.timeouts, 4);
	CHECK_EQ(rig.guest.counters.lost_wakeups, 1);
	CHECK_EQ(rig.guest.counters.head_of_line_stalls, 1);
	counts = rig_close(&rig);
	CHECK_EQ(counts.delivered, 1);
	CHECK_EQ(counts.lost, 0);
}

/*
 * (5) The reference guest reads every slot below tail, so tail is its
 * publication: a claim without a store or a raise, which the reference cannot
 * tell from a store, is a published id at head and its expiry a lost wake-up.
 */
static void reference_guest_counts_a_claim_at_head_as_a_lost_wakeup(void)
{
	struct rig rig;

	rig_open(&rig, "seed", MBX_WAKE_FUTEX, MBX_GUEST_REFERENCE, 0);
	CHECK_EQ(seed_claim(&rig), 0);
	CHECK_EQ(mbx_guest_backlog(&rig.guest), MBX_BACKLOG_PUBLISHED);
	CHECK_STATUS(mbx_guest_wait(&rig.guest, 1000000), MBX_E_TIMEOUT);
	CHECK_EQ(rig.guest.counters.lost_wakeups, 1);
	CHECK_EQ(rig.guest.counters.head_of_line_stalls, 0);
	rig_close(&rig);
}

int main(void)
{
	RUN_CASE(reference_overwrites_when_guest_falls_257_behind_expected_hazard);
	RUN_CASE(sequenced_pushes_back_when_guest_falls_257_behind);
	RUN_CASE(reference_reads_slot_before_its_store_expected_hazard);
	RUN_CASE(sequenced_guest_waits_for_the_slot_store);
	RUN_CASE(reference_loses_wakeup_between_tail_read_and_flag_clear_expected_hazard);
	RUN_CASE(corrected_guest_keeps_the_flag_raised_between_tail_read_and_sleep);
	RUN_CASE(expired_waits_count_head_of_line_stalls_apart_from_lost_wakeups);
	RUN_CASE(reference_guest_counts_a_claim_at_head_as_a_lost_wakeup);
	return CHECK_EXIT();
}
