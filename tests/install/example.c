/* SPDX-License-Identifier: MIT */
/* The README's host-API example, built against an installed mbx by tests/install. */
#include <mbx/mailbox.h>
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
	size_t size = MBX_PAGE_SIZE; /* the runtime's guest linear memory: one 64 KiB page */
	void *memory = calloc(1, size);
	struct mbx_mailbox *mailbox = NULL;
	struct mbx_options options = {.wake = MBX_WAKE_WAITER_AWARE};
	enum mbx_status status = mbx_variant_find("announced", &options.variant);

	if (status == MBX_OK)
		status = memory ? mbx_mailbox_attach(&mailbox, memory, size, 0, &options)
		                : MBX_E_NO_MEMORY;
	if (status == MBX_OK)
		status = mbx_enqueue(mailbox, 7); /* task 7 is ready: guest, wake up */
	printf("enqueue 7: %s, slot 0 holds %u\n", mbx_strerror(status),
	       status == MBX_OK ? mbx_mailbox_region(mailbox)->ring[0] : 0u);
	if (mailbox)
		mbx_mailbox_close(mailbox); /* no enqueue touches the memory after this */
	mbx_mailbox_detach(mailbox);
	free(memory);
	return status == MBX_OK ? 0 : 1;
}
