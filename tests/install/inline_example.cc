// SPDX-License-Identifier: MIT
// <mbx/inline.h> from C++17: the same names, out of line in the library
// (C++17 has no C11 atomics), built against an installed mbx by tests/install.
#include <mbx/inline.h>
#include <mbx/mailbox.h>

#include <cstdio>

int main()
{
	mbx_memory *memory = nullptr;
	mbx_mailbox *mailbox = nullptr;
	mbx_fast fast{};
	mbx_options options{};
	options.wake = MBX_WAKE_WAITER_HANDOFF;
	mbx_status status = mbx_variant_find("sequenced", &options.variant);

	if (status == MBX_OK)
		status = mbx_memory_create(&memory, 1, 4, MBX_GROWTH_RESERVED);
	if (status == MBX_OK)
		status = mbx_mailbox_attach(&mailbox, mbx_memory_base(memory),
		                            mbx_memory_size(memory), 0, &options);
	if (status == MBX_OK)
		status = mbx_mailbox_fast(mailbox, &fast);
	if (status == MBX_OK)
		status = mbx_enqueue_sequenced_waiter_handoff(&fast, 7);
	// C++ reads a guest word with an atomic builtin (abi.h: plain uint32_t fields in C++).
	std::printf("inline enqueue 7: %s, flag %u\n", mbx_strerror(status),
	            status == MBX_OK
	                ? __atomic_load_n(&mbx_mailbox_region(mailbox)->flag, __ATOMIC_ACQUIRE)
	                : 0u);
	return status == MBX_OK ? 0 : 1;
}
