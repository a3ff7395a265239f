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

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

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

/*
 * Grow's publication (mbx__memory_grow_commit), the new block already copied,
 * and the readers' loads (mbx_memory_base, mbx_memory_size). Here, not in
 * memory.c, so that tests/litmus/memory-growth.c runs them.
 */
static inline void mbx__memory_publish(_Atomic(uintptr_t) *base, _Atomic(size_t) *size,
                                       uintptr_t new_base, size_t new_size)
{
#ifdef MBX_LITMUS_RELAXED_MEM1
	/* Relaxed: tests/litmus/memory-growth.c's negative control only (R-MEM1 removed). */
	atomic_store_explicit(base, new_base, memory_order_relaxed);
#else
	/* R-MEM1: publish the copied block; pairs with A-MEM1 in mbx__memory_read_base. */
	atomic_store_explicit(base, new_base, memory_order_release);
#endif
#ifdef MBX_LITMUS_RELAXED_MEM2
	/* Relaxed: tests/litmus/memory-growth.c's negative control only (R-MEM2 removed). */
	atomic_store_explicit(size, new_size, memory_order_relaxed);
#else
	/* R-MEM2: publish the size after the base; pairs with A-MEM2 in mbx__memory_read_size. */
	atomic_store_explicit(size, new_size, memory_order_release);
#endif
}

static inline uintptr_t mbx__memory_read_base(const _Atomic(uintptr_t) *base)
{
	/* A-MEM1: pairs with R-MEM1 in mbx__memory_publish. */
	return atomic_load_explicit(base, memory_order_acquire);
}

static inline size_t mbx__memory_read_size(const _Atomic(size_t) *size)
{
	/* A-MEM2: pairs with R-MEM2 in mbx__memory_publish. */
	return atomic_load_explicit(size, memory_order_acquire);
}

/* MBX_E_GROW_LIMIT or MBX_E_NO_MEMORY with nothing changed. One grower at a time. */
enum mbx_status mbx__memory_grow_prepare(struct mbx_memory *memory, uint32_t delta_pages,
                                         struct mbx__growth *growth);
void mbx__memory_grow_commit(struct mbx_memory *memory, const struct mbx__growth *growth);
void mbx__memory_grow_release(struct mbx_memory *memory, const struct mbx__growth *growth);

#endif /* MBX_RING_MEMORY_INTERNAL_H */
