/* SPDX-License-Identifier: MIT */
/*
 * The rig of the one-thread schedule tests (hazard_schedule_test.c,
 * announced_test.c): one page of reserved simulated memory, a mailbox of the
 * named variant attached at offset 0, a tally of one producer and a guest
 * that delivers into it. Include after check.h: the rig's CHECKs count in
 * the test that includes it.
 */
#ifndef MBX_TESTS_RIG_H
#define MBX_TESTS_RIG_H

#include <mbx/guest.h>
#include <mbx/memory.h>
#include <mbx/tally.h>

struct rig {
	struct mbx_memory *memory;
	struct mbx_mailbox *mailbox;
	struct mbx_abi_mailbox *box;
	struct mbx_guest guest;
	struct mbx_tally tally;
};

/* ids: what the schedule will enqueue, so the tally counts lost over exactly those. */
static inline void rig_open(struct rig *rig, const char *variant, enum mbx_wake_kind wake,
                            enum mbx_guest_kind guest, uint32_t ids)
{
	struct mbx_options options = {.wake = wake};

	CHECK_STATUS(mbx_variant_find(variant, &options.variant), MBX_OK);
	CHECK_STATUS(mbx_memory_create(&rig->memory, 1, 1, MBX_GROWTH_RESERVED), MBX_OK);
	CHECK_STATUS(mbx_mailbox_attach(&rig->mailbox, mbx_memory_base(rig->memory),
	                                mbx_memory_size(rig->memory), 0, &options),
	             MBX_OK);
	rig->box = mbx_mailbox_region(rig->mailbox);
	CHECK_STATUS(mbx_tally_init(&rig->tally, 1, ids), MBX_OK);
	CHECK_STATUS(
	    mbx_guest_init(&rig->guest, rig->mailbox, guest, mbx_tally_deliver, &rig->tally),
	    MBX_OK);
}

/* What the guest delivered, over the ids rig_open was given; the rig is gone after. */
static inline struct mbx_tally_counts rig_close(struct rig *rig)
{
	struct mbx_tally_counts counts = mbx_tally_finish(&rig->tally, rig->tally.ids_per_producer);

	mbx_tally_destroy(&rig->tally);
	mbx_mailbox_detach(rig->mailbox);
	mbx_memory_destroy(rig->memory);
	return counts;
}

/* Closes the rig and checks the guest delivered exactly once: delivered ids, none twice, none stale, none lost. */
static inline void rig_close_exactly_once(struct rig *rig, uint64_t delivered)
{
	struct mbx_tally_counts counts = rig_close(rig);

	CHECK_EQ(counts.delivered, delivered);
	CHECK_EQ(counts.duplicated, 0);
	CHECK_EQ(counts.stale, 0);
	CHECK_EQ(counts.lost, 0);
}

#endif
