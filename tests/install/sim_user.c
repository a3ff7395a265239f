/* SPDX-License-Identifier: MIT */
/* A consumer of the installed simulator (mbx-sim): simulated memory, a guest, a tally. */
#include <mbx/guest.h>
#include <mbx/tally.h>
#include <stdio.h>

int main(void)
{
	struct mbx_memory *memory = NULL;
	struct mbx_mailbox *mailbox = NULL;
	struct mbx_options options = {.wake = MBX_WAKE_SPIN};
	struct mbx_guest guest;
	struct mbx_tally tally;
	uint32_t taken = 0;
	enum mbx_status status = mbx_variant_find("sequenced", &options.variant);

	if (status == MBX_OK)
		status = mbx_tally_init(&tally, 1, 10);
	if (status == MBX_OK)
		status = mbx_memory_create(&memory, 1, 2, MBX_GROWTH_MOVING);
	if (status == MBX_OK)
		status = mbx_mailbox_attach(&mailbox, mbx_memory_base(memory),
		                            mbx_memory_size(memory), 0, &options);
	if (status == MBX_OK)
		status =
		    mbx_guest_init(&guest, mailbox, MBX_GUEST_CORRECTED, mbx_tally_deliver, &tally);
	if (status == MBX_OK) /* a QSBR producer: its enqueues store no marker */
		status = mbx_thread_online();
	if (status == MBX_OK)
		status = mbx_enqueue(mailbox, mbx_tally_id(0, 1));
	if (status == MBX_OK) /* between calls: quiescent */
		status = mbx_thread_quiescent();
	if (status == MBX_OK)
		status = mbx_mailbox_grow_memory(mailbox, memory, 1, NULL);
	if (status == MBX_OK)
		status = mbx_guest_drain(&guest, &taken);
	printf("sim: %s, %u taken, %llu delivered\n", mbx_strerror(status), taken,
	       (unsigned long long)mbx_tally_finish(&tally, 1).delivered);
	if (mailbox)
		mbx_mailbox_close(mailbox);
	if (status == MBX_OK)
		status = mbx_thread_offline();
	mbx_mailbox_detach(mailbox);
	mbx_memory_destroy(memory);
	mbx_tally_destroy(&tally);
	return status == MBX_OK && taken == 1 ? 0 : 1;
}
