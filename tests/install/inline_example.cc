// SPDX-License-Identifier: MIT
// <mbx/inline.h> from C++17: the same names, out of line in the library (C++17
// has no C11 atomics), built against an installed mbx by tests/install.
#include <mbx/inline.h>
#include <mbx/mailbox.h>

#include <cstdio>
#include <vector>

int main()
{
	std::vector<uint32_t> memory(MBX_PAGE_SIZE / sizeof(uint32_t)); // the runtime's memory
	mbx_options options{};
	mbx_mailbox *mailbox = nullptr;
	mbx_fast fast{};
	options.wake = MBX_WAKE_WAITER_HANDOFF;
	mbx_status status = mbx_variant_find("announced", &options.variant);

	if (status == MBX_OK)
		status = mbx_mailbox_attach(&mailbox, memory.data(),
		                            memory.size() * sizeof(uint32_t), 0, &options);
	if (status == MBX_OK)
		status = mbx_mailbox_fast(mailbox, &fast);
	if (status == MBX_OK)
		status = mbx_enqueue_announced_waiter_handoff(&fast, 7);
	// C++ sees the ABI words as plain uint32_t: read them atomically.
	uint32_t slot = status == MBX_OK ? __atomic_load_n(&mbx_mailbox_region(mailbox)->ring[0],
	                                                   __ATOMIC_ACQUIRE)
	                                 : 0u;
	std::printf("enqueue 7: %s, slot 0 holds %u\n", mbx_strerror(status), slot);
	if (mailbox) {
		mbx_mailbox_close(mailbox); // this thread was the inline path's only producer
		mbx_mailbox_detach(mailbox);
	}
	return status == MBX_OK ? 0 : 1;
}
