/* SPDX-License-Identifier: MIT */
/* The host mailbox: the reference's own unit case, the layout, and every bad input. */
#include <string.h>

#include <mbx/guest.h>
#include <mbx/mailbox.h>

#include "check.h"

static uint32_t word(struct mbx_memory *memory, uint64_t offset)
{
	uint32_t value = 0xffffffffu;

	CHECK_STATUS(mbx_memory_load_u32(memory, offset, &value), MBX_OK);
	return value;
}

static struct mbx_mailbox *attach_at(struct mbx_memory *memory, uint64_t offset,
                                     const struct mbx_options *options)
{
	struct mbx_mailbox *mailbox = NULL;

	CHECK_STATUS(mbx_mailbox_attach(&mailbox, mbx_memory_base(memory), mbx_memory_size(memory),
	                                offset, options),
	             MBX_OK);
	return mailbox;
}

/* The reference's own test: zeroed memory, enqueue 7 -> tail 1, ring[0] 7, flag 1. */
static void enqueue_writes_ring_and_sets_flag(void)
{
	struct mbx_memory *memory;
	struct mbx_mailbox *mailbox;
	bool signalled = true;

	CHECK_STATUS(mbx_memory_create(&memory, 1, 1, MBX_GROWTH_RESERVED), MBX_OK);
	mailbox = attach_at(memory, 0, NULL);
	CHECK(strcmp(mbx_variant_name(mbx_mailbox_variant(mailbox)), "seed") == 0);
	CHECK_EQ(mbx_mailbox_wake(mailbox), MBX_WAKE_FUTEX);
	CHECK_STATUS(mbx_mailbox_is_signalled(mailbox, &signalled), MBX_OK);
	CHECK(!signalled);
	CHECK_STATUS(mbx_enqueue(mailbox, 7), MBX_OK);
	CHECK_EQ(word(memory, MBX_TAIL_OFFSET), 1);
	CHECK_EQ(word(memory, MBX_RING_OFFSET), 7);
	CHECK_EQ(word(memory, MBX_FLAG_OFFSET), 1);
	CHECK_STATUS(mbx_mailbox_is_signalled(mailbox, &signalled), MBX_OK);
	CHECK(signalled);
	mbx_mailbox_detach(mailbox);
	mbx_memory_destroy(memory);
}

/* Offsets read back through raw memory, at a non-zero offset, across a tail wrap. */
static void layout_offsets_match_the_abi(void)
{
	const uint64_t at = 4096 + 4;
	struct mbx_memory *memory;
	struct mbx_mailbox *mailbox;

	CHECK_STATUS(mbx_memory_create(&memory, 1, 1, MBX_GROWTH_RESERVED), MBX_OK);
	mailbox = attach_at(memory, at, NULL);
	CHECK(mbx_mailbox_region(mailbox) == (void *)((char *)mbx_memory_base(memory) + at));
	/* Start two short of the u32 wrap: positions UINT32_MAX-1, UINT32_MAX, 0. */
	CHECK_STATUS(mbx_memory_store_u32(memory, at + MBX_TAIL_OFFSET, UINT32_MAX - 1), MBX_OK);
	for (uint32_t id = 1; id <= 3; id++)
		CHECK_STATUS(mbx_enqueue(mailbox, id), MBX_OK);
	CHECK_EQ(word(memory, at + MBX_TAIL_OFFSET), 1);
	CHECK_EQ(word(memory, at + MBX_RING_OFFSET + 4 * 254), 1);
	CHECK_EQ(word(memory, at + MBX_RING_OFFSET + 4 * 255), 2);
	CHECK_EQ(word(memory, at + MBX_RING_OFFSET), 3);
	CHECK_EQ(word(memory, at + MBX_FLAG_OFFSET), 1);
	CHECK_EQ(word(memory, at + MBX_HEAD_OFFSET), 0);
	CHECK_EQ(word(memory, at + MBX_WAITER_OFFSET), 0);
	/* Nothing outside [at, at + 1040) was touched. */
	CHECK_EQ(word(memory, at - 4), 0);
	CHECK_EQ(word(memory, at + MBX_MAILBOX_BYTES), 0);
	mbx_mailbox_detach(mailbox);
	mbx_memory_destroy(memory);
}

static void attach_rejects_bad_regions(void)
{
	struct mbx_memory *memory;
	struct mbx_mailbox *mailbox = NULL;
	struct mbx_options bad_wake = {.wake = MBX_WAKE_COUNT};
	void *base;
	size_t size;

	CHECK_STATUS(mbx_memory_create(&memory, 1, 1, MBX_GROWTH_RESERVED), MBX_OK);
	base = mbx_memory_base(memory);
	size = mbx_memory_size(memory);
	CHECK_STATUS(mbx_mailbox_attach(NULL, base, size, 0, NULL), MBX_E_INVALID);
	CHECK_STATUS(mbx_mailbox_attach(&mailbox, NULL, size, 0, NULL), MBX_E_INVALID);
	CHECK_STATUS(mbx_mailbox_attach(&mailbox, base, MBX_MAILBOX_BYTES - 1, 0, NULL),
	             MBX_E_TOO_SMALL);
	CHECK_STATUS(mbx_mailbox_attach(&mailbox, base, size, 2, NULL), MBX_E_MISALIGNED);
	CHECK_STATUS(mbx_mailbox_attach(&mailbox, base, size, size - MBX_MAILBOX_BYTES + 4, NULL),
	             MBX_E_OUT_OF_BOUNDS);
	CHECK_STATUS(mbx_mailbox_attach(&mailbox, base, size, UINT64_MAX - 3, NULL),
	             MBX_E_OUT_OF_BOUNDS);
	CHECK_STATUS(mbx_mailbox_attach(&mailbox, base, size, 0, &bad_wake), MBX_E_INVALID);
	CHECK(mailbox == NULL);
	/* The last fitting offset is fine. */
	CHECK_STATUS(mbx_mailbox_attach(&mailbox, base, size, size - MBX_MAILBOX_BYTES, NULL),
	             MBX_OK);
	mbx_mailbox_detach(mailbox);
	mbx_memory_destroy(memory);
}

static void enqueue_rejects_bad_ids_and_changes_nothing(void)
{
	struct mbx_memory *memory;
	struct mbx_mailbox *mailbox;
	struct mbx_waker waker;

	CHECK_STATUS(mbx_memory_create(&memory, 1, 1, MBX_GROWTH_RESERVED), MBX_OK);
	mailbox = attach_at(memory, 0, NULL);
	CHECK_STATUS(mbx_enqueue(mailbox, 0), MBX_E_BAD_TASK_ID);
	CHECK_STATUS(mbx_enqueue(mailbox, UINT64_C(1) << 32), MBX_E_BAD_TASK_ID);
	CHECK_STATUS(mbx_enqueue(NULL, 1), MBX_E_INVALID);
	CHECK_STATUS(mbx_waker_init(&waker, mailbox, 0), MBX_E_BAD_TASK_ID);
	CHECK_STATUS(mbx_waker_init(&waker, mailbox, UINT64_MAX), MBX_E_BAD_TASK_ID);
	CHECK_EQ(word(memory, MBX_TAIL_OFFSET), 0);
	CHECK_EQ(word(memory, MBX_FLAG_OFFSET), 0);
	CHECK_EQ(word(memory, MBX_RING_OFFSET), 0);
	/* The widest valid id is fine. */
	CHECK_STATUS(mbx_enqueue(mailbox, UINT32_MAX), MBX_OK);
	CHECK_EQ(word(memory, MBX_RING_OFFSET), UINT32_MAX);
	mbx_mailbox_detach(mailbox);
	mbx_memory_destroy(memory);
}

static void enqueue_after_close_fails_and_changes_nothing(void)
{
	struct mbx_memory *memory;
	struct mbx_mailbox *mailbox;
	struct mbx_waker waker;
	bool signalled = true;

	CHECK_STATUS(mbx_memory_create(&memory, 1, 1, MBX_GROWTH_RESERVED), MBX_OK);
	mailbox = attach_at(memory, 0, NULL);
	CHECK_STATUS(mbx_waker_init(&waker, mailbox, 9), MBX_OK);
	CHECK_STATUS(mbx_waker_wake(&waker), MBX_OK);
	CHECK_EQ(word(memory, MBX_RING_OFFSET), 9);
	CHECK(!mbx_mailbox_is_closed(mailbox));
	CHECK_STATUS(mbx_mailbox_close(mailbox), MBX_OK);
	CHECK_STATUS(mbx_mailbox_close(mailbox), MBX_OK);
	CHECK(mbx_mailbox_is_closed(mailbox));
	CHECK_STATUS(mbx_mailbox_is_signalled(mailbox, &signalled), MBX_E_CLOSED);
	CHECK(!signalled);
	CHECK_STATUS(mbx_enqueue(mailbox, 5), MBX_E_CLOSED);
	CHECK_STATUS(mbx_waker_wake(&waker), MBX_E_CLOSED);
	CHECK_EQ(word(memory, MBX_TAIL_OFFSET), 1);
	/* close hands the notify waiter a permit. */
	CHECK_STATUS(mbx_mailbox_wait_for_signal(mailbox, 1000000), MBX_OK);
	CHECK_STATUS(mbx_mailbox_wait_for_signal(mailbox, 1000000), MBX_E_TIMEOUT);
	mbx_mailbox_detach(mailbox);
	mbx_memory_destroy(memory);
}

static void refresh_base_follows_moving_memory(void)
{
	struct mbx_memory *memory;
	struct mbx_mailbox *mailbox;
	uint64_t at = MBX_PAGE_SIZE - MBX_MAILBOX_BYTES;

	CHECK_STATUS(mbx_memory_create(&memory, 1, 4, MBX_GROWTH_MOVING), MBX_OK);
	mailbox = attach_at(memory, at, NULL);
	CHECK_STATUS(mbx_enqueue(mailbox, 1), MBX_OK);
	CHECK_STATUS(mbx_memory_grow(memory, 1, NULL), MBX_OK);
	CHECK_STATUS(
	    mbx_mailbox_refresh_base(mailbox, mbx_memory_base(memory), mbx_memory_size(memory)),
	    MBX_OK);
	CHECK_STATUS(mbx_enqueue(mailbox, 2), MBX_OK);
	CHECK_EQ(word(memory, at + MBX_TAIL_OFFSET), 2);
	CHECK_EQ(word(memory, at + MBX_RING_OFFSET + 4), 2);
	/* A base whose memory no longer holds the region is refused; the old one stays. */
	CHECK_STATUS(mbx_mailbox_refresh_base(mailbox, mbx_memory_base(memory), at + 1036),
	             MBX_E_OUT_OF_BOUNDS);
	CHECK_STATUS(mbx_mailbox_refresh_base(mailbox, NULL, mbx_memory_size(memory)),
	             MBX_E_INVALID);
	CHECK_STATUS(mbx_mailbox_refresh_base(mailbox, mbx_memory_base(memory), 1000),
	             MBX_E_TOO_SMALL);
	CHECK_STATUS(mbx_enqueue(mailbox, 3), MBX_OK);
	CHECK_EQ(word(memory, at + MBX_TAIL_OFFSET), 3);
	mbx_mailbox_detach(mailbox);
	mbx_memory_destroy(memory);
}

static void record(void *context, uint32_t id, bool overflowed)
{
	uint32_t *last = context;

	(void)overflowed;
	*last = id;
}

static void reference_guest_drains_in_order(void)
{
	struct mbx_memory *memory;
	struct mbx_mailbox *mailbox;
	struct mbx_guest guest;
	uint32_t last = 0, taken = 0;

	CHECK_STATUS(mbx_memory_create(&memory, 1, 1, MBX_GROWTH_RESERVED), MBX_OK);
	mailbox = attach_at(memory, 0, NULL);
	CHECK_STATUS(mbx_guest_init(&guest, mailbox, MBX_GUEST_REFERENCE, record, &last), MBX_OK);
	for (uint32_t id = 1; id <= 10; id++)
		CHECK_STATUS(mbx_enqueue(mailbox, id), MBX_OK);
	CHECK_STATUS(mbx_guest_drain(&guest, &taken), MBX_OK);
	CHECK_EQ(taken, 10);
	CHECK_EQ(last, 10);
	CHECK_EQ(word(memory, MBX_HEAD_OFFSET), 10);
	CHECK_EQ(word(memory, MBX_FLAG_OFFSET), 0);
	/* Nothing pending: the bounded wait expires without counting a lost wake-up. */
	CHECK_STATUS(mbx_guest_wait(&guest, 1000000), MBX_E_TIMEOUT);
	CHECK_EQ(guest.counters.timeouts, 1);
	CHECK_EQ(guest.counters.lost_wakeups, 0);
	/* A raised flag means the wait returns at once. */
	CHECK_STATUS(mbx_enqueue(mailbox, 11), MBX_OK);
	CHECK_STATUS(mbx_guest_wait(&guest, 1000000000), MBX_OK);
	mbx_mailbox_detach(mailbox);
	mbx_memory_destroy(memory);
}

static void names_resolve_and_errors_have_text(void)
{
	const struct mbx_variant *variant;
	enum mbx_wake_kind wake;
	enum mbx_guest_kind kind;

	CHECK_STATUS(mbx_variant_find("seed", &variant), MBX_OK);
	CHECK(variant == mbx_variant_at(0));
	CHECK_STATUS(mbx_variant_find("nope", &variant), MBX_E_UNKNOWN_NAME);
	CHECK(variant != NULL);
	CHECK_STATUS(mbx_variant_find(NULL, &variant), MBX_E_UNKNOWN_NAME);
	CHECK_STATUS(mbx_wake_find("waiter_aware", &wake), MBX_OK);
	CHECK_EQ(wake, MBX_WAKE_WAITER_AWARE);
	CHECK_STATUS(mbx_wake_find("nope", &wake), MBX_E_UNKNOWN_NAME);
	CHECK_STATUS(mbx_guest_find("corrected", &kind), MBX_OK);
	CHECK_EQ(kind, MBX_GUEST_CORRECTED);
	CHECK_STATUS(mbx_guest_find("nope", &kind), MBX_E_UNKNOWN_NAME);
	for (int s = MBX_OK; s <= MBX_E_BUSY; s++)
		CHECK(strcmp(mbx_strerror((enum mbx_status)s), "unknown mbx status") != 0);
	CHECK(strcmp(mbx_strerror((enum mbx_status)999), "unknown mbx status") == 0);
	for (size_t i = 0; i < mbx_wake_count(); i++)
		CHECK_STATUS(mbx_wake_find(mbx_wake_name((enum mbx_wake_kind)i), &wake), MBX_OK);
	for (size_t i = 0; i < mbx_variant_count(); i++) {
		CHECK_STATUS(mbx_variant_find(mbx_variant_name(mbx_variant_at(i)), &variant),
		             MBX_OK);
		CHECK(variant == mbx_variant_at(i));
	}
	CHECK(mbx_variant_at(mbx_variant_count()) == NULL);
}

int main(void)
{
	RUN_CASE(enqueue_writes_ring_and_sets_flag);
	RUN_CASE(layout_offsets_match_the_abi);
	RUN_CASE(attach_rejects_bad_regions);
	RUN_CASE(enqueue_rejects_bad_ids_and_changes_nothing);
	RUN_CASE(enqueue_after_close_fails_and_changes_nothing);
	RUN_CASE(refresh_base_follows_moving_memory);
	RUN_CASE(reference_guest_drains_in_order);
	RUN_CASE(names_resolve_and_errors_have_text);
	return CHECK_EXIT();
}
