/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer: enqueue into a guest-controlled mailbox image. The image (the
 * mailbox's 1040 bytes and memory around it) comes from the fuzzer bytes; the
 * fuzzer picks the offset, the variant (by table index), the wake policy and
 * the ids. The host must write only inside [offset, offset + 1040).
 *
 * Input: u16 offset, u8 variant, u8 wake, u8 count, count x u32 id, then the
 * image bytes.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <mbx/mailbox.h>

#define MEMORY_BYTES 4096u

static uint64_t take(const uint8_t **data, size_t *size, size_t bytes)
{
	uint64_t v = 0;
	for (size_t i = 0; i<bytes && * size> 0; i++, (*data)++, (*size)--)
		v |= (uint64_t) * *data << (8 * i);
	return v;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* spin and futex (a wake on a word nobody waits on is harmless) */
	static const enum mbx_wake_kind kinds[] = {MBX_WAKE_SPIN, MBX_WAKE_FUTEX,
	                                           MBX_WAKE_FUTEX_PRIVATE, MBX_WAKE_WAITER_AWARE,
	                                           MBX_WAKE_WAITER_HANDOFF};
	uint64_t offset = take(&data, &size, 2) % (MEMORY_BYTES - MBX_MAILBOX_BYTES + 1);
	offset &= ~(uint64_t)3;
	uint8_t v = (uint8_t)take(&data, &size, 1);
	uint8_t w = (uint8_t)take(&data, &size, 1);
	unsigned count = (unsigned)(take(&data, &size, 1) % 17);
	uint32_t ids[16];
	for (unsigned i = 0; i < count; i++)
		ids[i] = (uint32_t)take(&data, &size, 4);

	static _Alignas(64) uint8_t memory[MEMORY_BYTES];
	static uint8_t before[MEMORY_BYTES];
	memset(memory, 0xa5, sizeof memory);
	memcpy(memory, data, size < MEMORY_BYTES ? size : MEMORY_BYTES);
	memcpy(before, memory, sizeof memory);

	struct mbx_options options = {.variant = mbx_variant_at(v % mbx_variant_count()),
	                              .wake = kinds[w % (sizeof kinds / sizeof kinds[0])]};
	struct mbx_mailbox *mailbox = NULL;
	if (mbx_mailbox_attach(&mailbox, memory, sizeof memory, offset, &options) != MBX_OK)
		abort(); /* the region always fits */
	for (unsigned i = 0; i < count; i++)
		(void)mbx_enqueue(mailbox, ids[i]);
	(void)mbx_enqueue(mailbox, (uint64_t)UINT32_MAX + 1); /* refused, no change */
	mbx_mailbox_detach(mailbox);

	if (memcmp(memory, before, offset) != 0 ||
	    memcmp(memory + offset + MBX_MAILBOX_BYTES, before + offset + MBX_MAILBOX_BYTES,
	           MEMORY_BYTES - offset - MBX_MAILBOX_BYTES) != 0)
		abort(); /* the host wrote outside the mailbox */
	return 0;
}
