/* SPDX-License-Identifier: MIT */
/* The README's <mbx/inline.h> example, built against an installed mbx by tests/install. */
#include <mbx/inline.h>
#include <mbx/mailbox.h>
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
	size_t size = MBX_PAGE_SIZE; /* the runtime's guest linear memory: one 64 KiB page */
	void *memory = calloc(1, size);
	struct mbx_mailbox *mailbox = NULL;
	struct mbx_fast fast; /* what the hot path holds: valid until detach */
	struct mbx_options options = {.wake = MBX_WAKE_WAITER_HANDOFF};
	enum mbx_status status = mbx_variant_find("announced", &options.variant);

	if (status == MBX_OK)
		status = memory ? mbx_mailbox_attach(&mailbox, memory, size, 0, &options)
		                : MBX_E_NO_MEMORY;
	if (status == MBX_OK)
		status = mbx_mailbox_fast(mailbox, &fast);
	if (status == MBX_OK) /* inlined here: no table, no indirect call */
		status = mbx_enqueue_announced_waiter_handoff(&fast, 7);
	printf("enqueue 7: %s, slot 0 holds %u\n", mbx_strerror(status),
	       status == MBX_OK ? mbx_mailbox_region(mailbox)->ring[0] : 0u);
	/* The inline path's quiescence is the embedder's: this thread was its only producer. */
	if (mailbox)
		mbx_mailbox_close(mailbox);
	mbx_mailbox_detach(mailbox);
	free(memory);
	return status == MBX_OK ? 0 : 1;
}
