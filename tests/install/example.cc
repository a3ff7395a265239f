// SPDX-License-Identifier: MIT
// A C++17 consumer of the installed mbx: every public header, the host API on
// the runtime's own memory, the ABI read with the compiler's atomic builtins.
#include <mbx/abi.h>
#include <mbx/base.h>
#include <mbx/guest.h>
#include <mbx/mailbox.h>
#include <mbx/memory.h>
#include <mbx/status.h>
#include <mbx/tally.h>
#include <mbx/variant.h>

#include <cstdio>
#include <vector>

int main()
{
	std::vector<uint32_t> memory(MBX_PAGE_SIZE /
	                             sizeof(uint32_t)); // the runtime's linear memory
	mbx_options options{};
	mbx_mailbox *mailbox = nullptr;
	options.wake = MBX_WAKE_WAITER_AWARE;
	mbx_status status = mbx_variant_find("announced", &options.variant);

	if (status == MBX_OK)
		status = mbx_mailbox_attach(&mailbox, memory.data(),
		                            memory.size() * sizeof(uint32_t), 0, &options);
	if (status == MBX_OK) // a QSBR producer: its enqueues store no marker
		status = mbx_thread_online();
	if (status == MBX_OK)
		status = mbx_enqueue(mailbox, 7);
	if (status == MBX_OK) // between calls: quiescent
		status = mbx_thread_quiescent();
	// C++ sees the ABI words as plain uint32_t: read them atomically.
	uint32_t slot = status == MBX_OK ? __atomic_load_n(&mbx_mailbox_region(mailbox)->ring[0],
	                                                   __ATOMIC_ACQUIRE)
	                                 : 0u;
	std::printf("enqueue 7: %s, slot 0 holds %u\n", mbx_strerror(status), slot);
	if (mailbox) {
		mbx_mailbox_close(mailbox); // this thread is online: close does not wait for it
		mbx_mailbox_detach(mailbox);
	}
	if (status == MBX_OK)
		status = mbx_thread_offline();
	return status == MBX_OK ? 0 : 1;
}
