/* SPDX-License-Identifier: MIT */
/*
 * The adaptive guest (<mbx/guest.h>, spin_budget_ns): its poll sees an id
 * published at head even when the flag stays 0 (a producer that raises the
 * flag only for a guest that announced its sleep), where a guest without a
 * budget sleeps out its timeout; a budget that finds nothing still ends in
 * the policy's sleep and its timeout.
 */
#include <mbx/guest.h>
#include <mbx/mailbox.h>

#include "check.h"

#define LONG_WAIT_NS  UINT64_C(10000000000) /* 10 s: reached only if the poll missed the id */
#define SHORT_WAIT_NS UINT64_C(2000000)     /* 2 ms */
#define BUDGET_NS     UINT64_C(500000)      /* 0.5 ms */

static void ignore(void *context, uint32_t task_id, bool overflowed)
{
	(void)context;
	(void)task_id;
	(void)overflowed;
}

struct rig {
	struct mbx_memory *memory;
	struct mbx_mailbox *mailbox;
	struct mbx_guest guest;
};

static void rig_up(struct rig *rig, enum mbx_wake_kind wake, uint64_t budget_ns)
{
	struct mbx_options options = {.wake = wake};

	CHECK_STATUS(mbx_variant_find("sequenced", &options.variant), MBX_OK);
	CHECK_STATUS(mbx_memory_create(&rig->memory, 1, 1, MBX_GROWTH_RESERVED), MBX_OK);
	CHECK_STATUS(mbx_mailbox_attach(&rig->mailbox, mbx_memory_base(rig->memory),
	                                mbx_memory_size(rig->memory), 0, &options),
	             MBX_OK);
	CHECK_STATUS(mbx_guest_init(&rig->guest, rig->mailbox, MBX_GUEST_CORRECTED, ignore, NULL),
	             MBX_OK);
	CHECK_EQ(rig->guest.spin_budget_ns, 0); /* today's guest unless asked */
	rig->guest.spin_budget_ns = budget_ns;
}

static void rig_down(struct rig *rig)
{
	mbx_mailbox_detach(rig->mailbox);
	mbx_memory_destroy(rig->memory);
}

/* An id published, the flag left 0: as if its producer skipped the flag for an awake guest. */
static void publish_without_flag(struct rig *rig)
{
	CHECK_STATUS(mbx_enqueue(rig->mailbox, 7), MBX_OK);
	CHECK_STATUS(mbx_memory_store_u32(rig->memory, MBX_FLAG_OFFSET, 0), MBX_OK);
}

static void budget_poll_takes_an_id_the_flag_does_not_announce(void)
{
	static const enum mbx_wake_kind wakes[] = {MBX_WAKE_FUTEX, MBX_WAKE_WAITER_AWARE,
	                                           MBX_WAKE_WAITER_HANDOFF, MBX_WAKE_NOTIFY};

	for (size_t i = 0; i < sizeof wakes / sizeof wakes[0]; i++) {
		struct rig rig;
		uint32_t taken = 0;

		rig_up(&rig, wakes[i], BUDGET_NS);
		publish_without_flag(&rig);
		CHECK_STATUS(mbx_guest_wait(&rig.guest, LONG_WAIT_NS), MBX_OK);
		CHECK_EQ(rig.guest.counters.timeouts, 0);
		CHECK_STATUS(mbx_guest_drain(&rig.guest, &taken), MBX_OK);
		CHECK_EQ(taken, 1);
		rig_down(&rig);
	}
}

static void no_budget_sleeps_past_an_id_the_flag_does_not_announce(void)
{
	struct rig rig;

	rig_up(&rig, MBX_WAKE_FUTEX, 0);
	publish_without_flag(&rig);
	CHECK_STATUS(mbx_guest_wait(&rig.guest, SHORT_WAIT_NS), MBX_E_TIMEOUT);
	CHECK_EQ(rig.guest.counters.lost_wakeups, 1);
	rig_down(&rig);
}

static void budget_without_work_ends_in_the_policys_timeout(void)
{
	struct rig rig;

	rig_up(&rig, MBX_WAKE_WAITER_HANDOFF, BUDGET_NS);
	CHECK_STATUS(mbx_guest_wait(&rig.guest, SHORT_WAIT_NS), MBX_E_TIMEOUT);
	CHECK_EQ(rig.guest.counters.timeouts, 1);
	CHECK_EQ(rig.guest.counters.lost_wakeups, 0);
	/* a budget longer than the timeout: the poll stops at the timeout */
	rig.guest.spin_budget_ns = LONG_WAIT_NS;
	CHECK_STATUS(mbx_guest_wait(&rig.guest, SHORT_WAIT_NS), MBX_E_TIMEOUT);
	CHECK_EQ(rig.guest.counters.timeouts, 2);
	rig_down(&rig);
}

int main(int argc, char **argv)
{
	CHECK_MAIN(argc, argv);
	RUN_CASE(budget_poll_takes_an_id_the_flag_does_not_announce);
	RUN_CASE(no_budget_sleeps_past_an_id_the_flag_does_not_announce);
	RUN_CASE(budget_without_work_ends_in_the_policys_timeout);
	return CHECK_EXIT();
}
