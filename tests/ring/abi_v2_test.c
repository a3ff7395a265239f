/* SPDX-License-Identifier: MIT */
/*
 * The padded layout (include/mbx/abi.h, MBX_ABI_V2): this file is built with
 * it, against mbx_abi_v2 (the library and simulator built alike). sequenced
 * enqueues and the corrected guest drains through the v2 offsets, the ring
 * answers full at capacity, the padding is never written, and an address
 * off a cache line is refused.
 */
#include <string.h>

#include <mbx/guest.h>
#include <mbx/mailbox.h>

#include "check.h"

#ifndef MBX_ABI_V2
#error "abi_v2_test is built with MBX_ABI_V2 (tests/ring/CMakeLists.txt)"
#endif

#define AT 4096u /* a line-aligned offset inside the page */

static uint32_t word(struct mbx_memory *memory, uint64_t offset)
{
	uint32_t value = 0xffffffffu;

	CHECK_STATUS(mbx_memory_load_u32(memory, offset, &value), MBX_OK);
	return value;
}

struct sink {
	uint32_t next; /* the id expected next */
	uint32_t out_of_order;
};

static void deliver_in_order(void *context, uint32_t task_id, bool overflowed)
{
	struct sink *sink = context;

	sink->out_of_order += task_id != sink->next || overflowed;
	sink->next++;
}

/* Only the words the ABI names change: the padding of each line stays as set. */
static uint32_t padding_changed(struct mbx_memory *memory)
{
	uint32_t changed = 0;

	for (uint32_t offset = 0; offset < MBX_RING_OFFSET; offset += 4) {
		if (offset % MBX_ABI_LINE == 0)
			continue; /* waiter, flag, head, tail: the first word of their lines */
		changed += word(memory, AT + offset) != 0xa5a5a5a5u;
	}
	return changed;
}

static void sequenced_enqueue_and_drain_through_the_v2_offsets(void)
{
	struct mbx_options o = {.wake = MBX_WAKE_WAITER_HANDOFF};
	struct mbx_memory *memory;
	struct mbx_mailbox *mailbox = NULL;
	struct mbx_guest guest;
	struct sink sink = {.next = 1};
	uint32_t taken = 0, id = 1;

	CHECK_STATUS(mbx_variant_find("sequenced", &o.variant), MBX_OK);
	CHECK_STATUS(mbx_memory_create(&memory, 1, 1, MBX_GROWTH_RESERVED), MBX_OK);
	for (uint32_t offset = 0; offset < MBX_RING_OFFSET; offset += 4)
		if (offset % MBX_ABI_LINE != 0)
			CHECK_STATUS(mbx_memory_store_u32(memory, AT + offset, 0xa5a5a5a5u),
			             MBX_OK);
	CHECK_STATUS(
	    mbx_mailbox_attach(&mailbox, mbx_memory_base(memory), mbx_memory_size(memory), AT, &o),
	    MBX_OK);
	CHECK_STATUS(mbx_guest_init(&guest, mailbox, MBX_GUEST_CORRECTED, deliver_in_order, &sink),
	             MBX_OK);

	CHECK_STATUS(mbx_enqueue(mailbox, id++), MBX_OK);
	CHECK_EQ(word(memory, AT + MBX_TAIL_OFFSET), 1);
	CHECK_EQ(word(memory, AT + MBX_RING_OFFSET), 1);
	CHECK_EQ(word(memory, AT + MBX_FLAG_OFFSET), 1);
	/* fill the ring: back-pressure at capacity, nothing overwritten */
	while (mbx_enqueue(mailbox, id) == MBX_OK)
		id++;
	CHECK_EQ(id - 1, MBX_CAPACITY);
	CHECK_STATUS(mbx_enqueue(mailbox, id), MBX_E_FULL);
	CHECK_STATUS(mbx_guest_drain(&guest, &taken), MBX_OK);
	CHECK_EQ(taken, MBX_CAPACITY);
	CHECK_EQ(word(memory, AT + MBX_HEAD_OFFSET), MBX_CAPACITY);
	CHECK_EQ(word(memory, AT + MBX_FLAG_OFFSET), 0);
	/* a second lap through the same slots */
	for (uint32_t i = 0; i < MBX_CAPACITY / 2; i++)
		CHECK_STATUS(mbx_enqueue(mailbox, id++), MBX_OK);
	CHECK_STATUS(mbx_guest_drain(&guest, &taken), MBX_OK);
	CHECK_EQ(taken, MBX_CAPACITY / 2);
	CHECK_EQ(sink.next, id);
	CHECK_EQ(sink.out_of_order, 0);
	CHECK_EQ(padding_changed(memory), 0);
	mbx_mailbox_detach(mailbox);
	mbx_memory_destroy(memory);
}

static void attach_refuses_an_address_off_a_line(void)
{
	struct mbx_memory *memory;
	struct mbx_mailbox *mailbox = NULL;

	CHECK_STATUS(mbx_memory_create(&memory, 1, 1, MBX_GROWTH_RESERVED), MBX_OK);
	CHECK_STATUS(mbx_mailbox_attach(&mailbox, mbx_memory_base(memory), mbx_memory_size(memory),
	                                AT + 4, NULL),
	             MBX_E_MISALIGNED);
	CHECK_STATUS(mbx_mailbox_attach(&mailbox, mbx_memory_base(memory), mbx_memory_size(memory),
	                                mbx_memory_size(memory) - MBX_MAILBOX_BYTES, NULL),
	             MBX_OK);
	mbx_mailbox_detach(mailbox);
	mbx_memory_destroy(memory);
}

/* MBX_E_TOO_SMALL's text names this layout's size, not the seed layout's 1040 bytes. */
static void too_small_names_the_v2_size(void)
{
	char bytes[32];

	snprintf(bytes, sizeof(bytes), "(%u bytes, ABI v2)", MBX_MAILBOX_BYTES);
	CHECK(strstr(mbx_strerror(MBX_E_TOO_SMALL), bytes) != NULL);
}

int main(int argc, char **argv)
{
	CHECK_MAIN(argc, argv);
	RUN_CASE(sequenced_enqueue_and_drain_through_the_v2_offsets);
	RUN_CASE(attach_refuses_an_address_off_a_line);
	RUN_CASE(too_small_names_the_v2_size);
	return CHECK_EXIT();
}
