/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer: the reference and corrected guest drains (mbx_guest_drain) on
 * arbitrary mailbox images: head, tail, flag and slots all come from the
 * fuzzer. Then enqueue once more and drain again.
 *
 * Input: u8 guest kind, u8 variant, then the 1040-byte image.
 *
 * The reference drain loops tail - head times, which can be up to 2^32 and
 * makes the fuzzer time out: the harness caps the image's tail - head at
 * MAX_BACKLOG (it rewrites tail). The corrected guest skips to tail - 256, so
 * it is bounded anyway; the cap applies to both so they see the same image.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <mbx/guest.h>
#include <mbx/mailbox.h>

#define MAX_BACKLOG 4096u

static uint64_t take(const uint8_t **data, size_t *size, size_t bytes)
{
	uint64_t v = 0;
	for (size_t i = 0; i<bytes && * size> 0; i++, (*data)++, (*size)--)
		v |= (uint64_t) * *data << (8 * i);
	return v;
}

static void deliver(void *context, uint32_t task_id, bool overflowed)
{
	(void)task_id;
	(void)overflowed;
	++*(uint64_t *)context;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	enum mbx_guest_kind kind = (enum mbx_guest_kind)(take(&data, &size, 1) % MBX_GUEST_COUNT);
	uint8_t v = (uint8_t)take(&data, &size, 1);

	static _Alignas(64) uint8_t memory[MBX_MAILBOX_BYTES];
	memset(memory, 0, sizeof memory);
	memcpy(memory, data, size < sizeof memory ? size : sizeof memory);
	/* Cap tail - head (see above); plain accesses: nothing runs concurrently yet. */
	uint32_t head, tail;
	memcpy(&head, memory + MBX_HEAD_OFFSET, 4);
	memcpy(&tail, memory + MBX_TAIL_OFFSET, 4);
	if (tail - head > MAX_BACKLOG) {
		tail = head + (tail % MAX_BACKLOG);
		memcpy(memory + MBX_TAIL_OFFSET, &tail, 4);
	}

	struct mbx_options options = {.variant = mbx_variant_at(v % mbx_variant_count()),
	                              .wake = MBX_WAKE_SPIN};
	struct mbx_mailbox *mailbox = NULL;
	if (mbx_mailbox_attach(&mailbox, memory, sizeof memory, 0, &options) != MBX_OK)
		abort();
	uint64_t delivered = 0;
	struct mbx_guest guest;
	if (mbx_guest_init(&guest, mailbox, kind, deliver, &delivered) != MBX_OK)
		abort();
	uint32_t taken = 0;
	(void)mbx_guest_drain(&guest, &taken);
	(void)mbx_enqueue(mailbox, 3);
	(void)mbx_guest_drain(&guest, &taken);
	(void)mbx_guest_work_pending(&guest);
	if (delivered != guest.counters.taken)
		abort();
	mbx_mailbox_detach(mailbox);
	return 0;
}
