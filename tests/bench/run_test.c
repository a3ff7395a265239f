/* SPDX-License-Identifier: MIT */
/*
 * The one exactly-once runner (bench/run.h) over the mailbox queue
 * (bench/stress.h): a claim whose store is late (its producer preempted
 * between claim and store) is waited for, never skipped, however many of the
 * guest's bounded waits expire meanwhile; the id arrives and nothing is lost.
 * The claim and the store are made by hand through the ABI, as the
 * sequenced enqueue would make them, with the store 30 expired waits late
 * (counted, not timed).
 */
#include <time.h>

#include "check.h"
#include "stress.h"

static void a_late_store_of_a_claimed_slot_is_delivered_not_skipped(void)
{
	struct mbx_stress_config config = {
	    .wake = MBX_WAKE_SPIN,
	    .guest = MBX_GUEST_CORRECTED,
	    .producers = 1,
	    .wait_timeout_ns = 1000000, /* 1 ms */
	};
	struct mbx_mailbox_queue *queue;
	struct mbx_stress_report guest = {0};
	struct mbx_run_report report;

	CHECK_STATUS(mbx_variant_find("sequenced", &config.variant), MBX_OK);
	CHECK_STATUS(mbx_mailbox_queue_create(&queue, &config), MBX_OK);
	struct mbx_run_config run_config = {
	    .queue = mbx_mailbox_queue_run(queue), .producers = 1, .ids_per_producer = 1};
	struct mbx_run *run = mbx_run_start(&run_config);
	struct mbx_abi_mailbox *box = mbx_mailbox_region(mbx_mailbox_queue_mailbox(queue));

	CHECK(run != NULL);
	if (!run)
		return;
	/* relaxed: the claim, as the sequenced CAS makes it (the slot store publishes) */
	uint32_t claimed = atomic_fetch_add_explicit(&box->tail, 1, memory_order_relaxed);
	/* 30 expired waits with the claim pending, however long the machine takes */
	while (mbx_mailbox_queue_expired_waits(queue) < 30)
		nanosleep(&(struct timespec){.tv_nsec = 1000000}, NULL);
	/* release: the late slot store; pairs with the guest's slot acquire */
	atomic_store_explicit(&box->ring[claimed % MBX_CAPACITY], mbx_tally_id(0, 1),
	                      memory_order_release);
	/* release: the flag, as the enqueue raises it */
	atomic_store_explicit(&box->flag, 1, memory_order_release);
	mbx_run_producer_done(run, 1);
	CHECK(mbx_run_await(run, NULL));
	mbx_run_finish(run, &report);
	mbx_mailbox_queue_report(queue, &guest);
	mbx_mailbox_queue_destroy(queue);
	CHECK(guest.guest.timeouts >= 30); /* the expired waits, counted by the guest too */
	CHECK_EQ(guest.guest.head_of_line_stalls, 1); /* all at the one claimed slot */
	CHECK_EQ(report.counts.delivered, 1);
	CHECK_EQ(report.counts.lost, 0);
	CHECK_EQ(guest.wedged, 0);
}

int main(void)
{
	RUN_CASE(a_late_store_of_a_claimed_slot_is_delivered_not_skipped);
	return CHECK_EXIT();
}
