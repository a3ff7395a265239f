/* SPDX-License-Identifier: MIT */
/* The README's host-API example, built against an installed mbx by tests/install. */
#include <mbx/mailbox.h>
#include <stdio.h>

int main(void)
{
	struct mbx_memory *memory; /* simulated guest linear memory: 1 page, up to 4 */
	struct mbx_mailbox *mailbox;
	struct mbx_options options = {.wake = MBX_WAKE_WAITER_AWARE};
	enum mbx_status status = mbx_variant_find("sequenced", &options.variant);

	if (status == MBX_OK)
		status = mbx_memory_create(&memory, 1, 4, MBX_GROWTH_RESERVED);

	if (status == MBX_OK)
		status = mbx_mailbox_attach(&mailbox, mbx_memory_base(memory),
		                            mbx_memory_size(memory), 0, &options);
	if (status == MBX_OK)
		status = mbx_enqueue(mailbox, 7); /* task 7 is ready: guest, wake up */
	printf("enqueue 7: %s, flag %u\n", mbx_strerror(status),
	       status == MBX_OK ? mbx_mailbox_region(mailbox)->flag : 0u);
	return status == MBX_OK ? 0 : 1;
}
