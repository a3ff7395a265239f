/* SPDX-License-Identifier: MIT */
/*
 * mbx_mailbox_grow_memory: memory.grow on the simulated memory with a mailbox
 * in it, over the library's public calls only, as a runtime would do it:
 * hold the base, copy (the memory's commit), refresh the base, release the
 * old block. No ordering of its own: hold, refresh and the memory's
 * publication carry theirs (ring/base.c, ring/urcu/rcu_base.h, sim/memory.c).
 */
#include <stdint.h>

#include <mbx/mailbox.h>
#include <mbx/memory.h>

#include "memory_internal.h"

enum mbx_status mbx_mailbox_grow_memory(struct mbx_mailbox *mailbox, struct mbx_memory *memory,
                                        uint32_t delta_pages, uint32_t *old_pages)
{
	uintptr_t base, region;
	struct mbx__growth growth;
	enum mbx_status status;

	if (!mailbox || !memory)
		return MBX_E_INVALID;
	base = (uintptr_t)mbx_memory_base(memory);
	region = (uintptr_t)mbx_mailbox_region(mailbox);
	/* Not attached to this memory (or held by another grower: region NULL). */
	if (region < base || region - base > mbx_memory_size(memory) - MBX_MAILBOX_BYTES)
		return MBX_E_INVALID;
	status = mbx__memory_grow_prepare(memory, delta_pages, &growth);
	if (status != MBX_OK)
		return status;
	if (mbx__growth_moves(&growth))
		mbx_mailbox_hold_base(
		    mailbox); /* RCU: no producer writes the old block from here */
	mbx__memory_grow_commit(memory, &growth);
	/* Cannot fail: the region fits in the new block as it did in the old one. */
	if (mbx__growth_moves(&growth))
		mbx_mailbox_refresh_base(mailbox, growth.new_base, growth.new_size);
	/* The atomic base: producers that loaded the old region still write it after this. */
	mbx__memory_grow_release(memory, &growth);
	if (old_pages)
		*old_pages = (uint32_t)(growth.old_size / MBX_PAGE_SIZE);
	return MBX_OK;
}
