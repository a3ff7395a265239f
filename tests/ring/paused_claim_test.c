/* SPDX-License-Identifier: MIT */
/*
 * A producer paused at its variant's fault point (ring/fault.h), between
 * claim and publish, while another enqueues: what the corrected guest can
 * take meanwhile. Built against mbx_fault (the library instance with fault
 * points), as bench/'s paused/ rows are. The pause is a hand-off, not a
 * sleep: the hook holds the producer until the test releases it, so every
 * count is exact.
 *
 *   sequenced  the guest stops at the claimed, unstored slot: nothing past
 *              it, and the others get MBX_E_FULL once the ring behind it is
 *              full (the head-of-line stall of issue 14: an expected hazard)
 *   wfcq       the node is linked before the point: the guest takes it and
 *              everything after it during the pause
 */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>

#include <mbx/guest.h>
#include <mbx/mailbox.h>

#include "check.h"
#include "fault.h"

#ifndef MBX_FAULT_INJECTION
#error "paused_claim_test is built against mbx_fault (tests/ring/CMakeLists.txt)"
#endif

static _Thread_local bool pause_here; /* only the paused producer's enqueue stops */
/* Relaxed: each is a flag polled in a loop; the join and the drains order the rest. */
static _Atomic bool paused, released;

static void hold(enum mbx__fault_point point)
{
	(void)point;
	if (!pause_here)
		return;
	pause_here = false;
	atomic_store_explicit(&paused, true, memory_order_relaxed);
	while (!atomic_load_explicit(&released, memory_order_relaxed))
		sched_yield();
}

struct rig {
	struct mbx_memory *memory;
	struct mbx_mailbox *mailbox;
	struct mbx_guest guest;
	uint32_t taken_ids[2 * MBX_CAPACITY];
	uint32_t taken;
	enum mbx_status paused_status; /* the paused producer's, read after the join */
};

static void record(void *context, uint32_t task_id, bool overflowed)
{
	struct rig *rig = context;

	(void)overflowed;
	if (rig->taken < 2 * MBX_CAPACITY)
		rig->taken_ids[rig->taken] = task_id;
	rig->taken++;
}

static void *paused_producer(void *argument)
{
	struct rig *rig = argument;

	pause_here = true;
	rig->paused_status = mbx_enqueue(rig->mailbox, 1);
	return NULL;
}

/* Producer 1's id 1 paused at the fault point; returns how many ids 2.. went in meanwhile. */
static uint32_t start_paused(struct rig *rig, const char *variant, pthread_t *thread)
{
	struct mbx_options options = {.wake = MBX_WAKE_SPIN};
	uint32_t accepted = 0;

	atomic_store_explicit(&paused, false, memory_order_relaxed);
	atomic_store_explicit(&released, false, memory_order_relaxed);
	atomic_store_explicit(&mbx__fault_hook, hold, memory_order_relaxed);
	CHECK_STATUS(mbx_variant_find(variant, &options.variant), MBX_OK);
	CHECK_STATUS(mbx_memory_create(&rig->memory, 1, 1, MBX_GROWTH_RESERVED), MBX_OK);
	CHECK_STATUS(mbx_mailbox_attach(&rig->mailbox, mbx_memory_base(rig->memory),
	                                mbx_memory_size(rig->memory), 0, &options),
	             MBX_OK);
	CHECK_STATUS(mbx_guest_init(&rig->guest, rig->mailbox, MBX_GUEST_CORRECTED, record, rig),
	             MBX_OK);
	CHECK(pthread_create(thread, NULL, paused_producer, rig) == 0);
	while (!atomic_load_explicit(&paused, memory_order_relaxed))
		sched_yield();
	while (accepted < MBX_CAPACITY && mbx_enqueue(rig->mailbox, 2 + accepted) == MBX_OK)
		accepted++;
	return accepted;
}

/* Lets the paused producer publish and waits for it. */
static void release(pthread_t thread)
{
	atomic_store_explicit(&released, true, memory_order_relaxed);
	pthread_join(thread, NULL);
}

static void finish(struct rig *rig)
{
	CHECK_STATUS(rig->paused_status, MBX_OK);
	atomic_store_explicit(&mbx__fault_hook, NULL, memory_order_relaxed);
	mbx_mailbox_detach(rig->mailbox);
	mbx_memory_destroy(rig->memory);
}

static void sequenced_guest_stops_at_a_paused_claim_expected_hazard(void)
{
	struct rig rig = {0};
	pthread_t thread;
	uint32_t accepted = start_paused(&rig, "sequenced", &thread), taken = 0;

	CHECK_EQ(accepted, MBX_CAPACITY - 1); /* the ring behind the hole, then MBX_E_FULL */
	CHECK_STATUS(mbx_guest_drain(&rig.guest, &taken), MBX_OK);
	CHECK_EQ(taken, 0); /* the stall: nothing past the claimed slot */
	CHECK_EQ(mbx_guest_backlog(&rig.guest), MBX_BACKLOG_UNPUBLISHED);
	release(thread);
	CHECK_STATUS(mbx_guest_drain(&rig.guest, &taken), MBX_OK);
	CHECK_EQ(taken, MBX_CAPACITY); /* all of it, in claim order, once published */
	for (uint32_t i = 0; i < MBX_CAPACITY; i++)
		CHECK_EQ(rig.taken_ids[i], i + 1);
	finish(&rig);
}

static void liburcu_wfcq_guest_takes_past_a_paused_producer(void)
{
	if (check_skip_without_liburcu())
		return;
	struct rig rig = {0};
	pthread_t thread;
	uint32_t accepted = start_paused(&rig, "wfcq", &thread), taken = 0;

	CHECK_EQ(accepted, MBX_CAPACITY); /* unbounded: nothing stops the other producer */
	CHECK_STATUS(mbx_guest_drain(&rig.guest, &taken), MBX_OK);
	CHECK_EQ(taken, MBX_CAPACITY + 1); /* the paused one's linked node too */
	release(thread);
	finish(&rig);
}

int main(int argc, char **argv)
{
	CHECK_MAIN(argc, argv);
	RUN_CASE(sequenced_guest_stops_at_a_paused_claim_expected_hazard);
	RUN_CASE(liburcu_wfcq_guest_takes_past_a_paused_producer);
	return CHECK_EXIT();
}
