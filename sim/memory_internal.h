/* SPDX-License-Identifier: MIT */
/*
 * Private: growth of the simulated memory split into its steps, so a mailbox
 * base policy can act between them (ring/base.c, mbx_mailbox_grow_memory):
 *   prepare   check the limit; moving: allocate the new block (nothing published)
 *   commit    moving: copy the old block; publish the new base and size
 *   release   moving: give the old block back (free, or discard)
 * mbx_memory_grow is prepare, commit, release with nothing in between.
 */
#ifndef MBX_RING_MEMORY_INTERNAL_H
#define MBX_RING_MEMORY_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include <mbx/memory.h>

struct mbx__growth {
	void *old_base;
	void *new_base; /* == old_base when the base does not move */
	size_t old_size;
	size_t new_size;
};

static inline bool mbx__growth_moves(const struct mbx__growth *growth)
{
	return growth->new_base != growth->old_base;
}

/* MBX_E_GROW_LIMIT or MBX_E_NO_MEMORY with nothing changed. One grower at a time. */
enum mbx_status mbx__memory_grow_prepare(struct mbx_memory *memory, uint32_t delta_pages,
                                         struct mbx__growth *growth);
void mbx__memory_grow_commit(struct mbx_memory *memory, const struct mbx__growth *growth);
void mbx__memory_grow_release(struct mbx_memory *memory, const struct mbx__growth *growth);

#endif /* MBX_RING_MEMORY_INTERNAL_H */
