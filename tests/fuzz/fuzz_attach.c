/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer: mbx_mailbox_attach and mbx_mailbox_refresh_base with
 * fuzzer-chosen memory sizes and offsets. They must return a status, never
 * crash; when they succeed, one enqueue must stay inside the memory (ASan
 * checks: each memory is allocated with exactly its size).
 *
 * Input: u32 size, u64 offset, u32 new size, u8 variant, u8 wake (little end).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <mbx/mailbox.h>

#define MAX_MEMORY (1u << 16)

static uint64_t take(const uint8_t **data, size_t *size, size_t bytes)
{
	uint64_t v = 0;
	for (size_t i = 0; i<bytes && * size> 0; i++, (*data)++, (*size)--)
		v |= (uint64_t) * *data << (8 * i);
	return v;
}

static enum mbx_wake_kind pick_wake(uint8_t b)
{
	/* futex wakes on a word nobody waits on are harmless; notify needs no waiter */
	static const enum mbx_wake_kind kinds[] = {MBX_WAKE_SPIN, MBX_WAKE_FUTEX,
	                                           MBX_WAKE_WAITER_AWARE};
	return kinds[b % (sizeof kinds / sizeof kinds[0])];
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t memory_size = (size_t)(take(&data, &size, 4) % (MAX_MEMORY + 1));
	uint64_t offset = take(&data, &size, 8);
	size_t new_size = (size_t)(take(&data, &size, 4) % (MAX_MEMORY + 1));
	uint8_t v = (uint8_t)take(&data, &size, 1);
	uint8_t w = (uint8_t)take(&data, &size, 1);

	/* Small offsets are the interesting ones: fold most of them into range. */
	if (offset & (1ull << 63))
		offset &= 0xffffu;
	uint8_t *memory = calloc(1, memory_size ? memory_size : 1);
	uint8_t *moved = calloc(1, new_size ? new_size : 1);
	if (!memory || !moved)
		abort();
	struct mbx_options options = {.variant = mbx_variant_at(v % mbx_variant_count()),
	                              .wake = pick_wake(w)};
	struct mbx_mailbox *mailbox = NULL;
	enum mbx_status status =
	    mbx_mailbox_attach(&mailbox, memory, memory_size, offset, &options);
	if (status == MBX_OK) {
		if (offset % 4 != 0 || offset + MBX_MAILBOX_BYTES > memory_size)
			abort(); /* attach accepted a region that does not fit */
		(void)mbx_enqueue(mailbox, 7);
		status = mbx_mailbox_refresh_base(mailbox, moved, new_size);
		if (status == MBX_OK && offset + MBX_MAILBOX_BYTES > new_size)
			abort(); /* refresh accepted a region that does not fit */
		(void)mbx_enqueue(mailbox, 9);
		mbx_mailbox_detach(mailbox);
	}
	free(moved);
	free(memory);
	return 0;
}
