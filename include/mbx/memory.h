/* SPDX-License-Identifier: MIT */
/*
 * Simulated guest linear memory: 64 KiB pages, an initial and a maximum page
 * count, and two growth policies.
 *
 *   MBX_GROWTH_RESERVED  the maximum is reserved once; growth makes more of it
 *                        accessible and the base never moves (a runtime with a
 *                        virtual-memory reservation).
 *   MBX_GROWTH_MOVING    growth allocates a new block, copies, publishes the
 *                        new base and releases the old block at once. A host
 *                        that still holds the old base writes into freed memory
 *                        (the reference's stale-base hazard); the blocks come
 *                        from the heap so sanitizers report it.
 *   MBX_GROWTH_MOVING_DISCARD
 *                        moves like MBX_GROWTH_MOVING, but a released block is
 *                        replaced by fresh zero pages and kept mapped until
 *                        destroy: a write through a stale base lands there (its
 *                        id is lost) instead of corrupting the heap, and
 *                        mbx_memory_stale_words counts it. What benchmarks of
 *                        the unprotected base run on.
 *
 * Concurrency: one thread may grow while any number read base/size/pages and
 * use the bounds-checked accessors. The guest may write anything anywhere.
 * Progress: base, size, pages, maximum_pages, growth, load_u32 and store_u32
 * are wait-free (a few atomic loads; no lock, no system call). create,
 * destroy, grow and mbx_mailbox_grow_memory are blocking (mmap/mprotect or
 * the heap, a copy of the memory; grow_memory under an RCU base also waits a
 * grace period and the in-flight calls). stale_words reads every released
 * block: not concurrent with grow.
 * Part of libmbx-sim (pkg-config mbx-sim, CMake mbx::sim), not of libmbx.
 */
#ifndef MBX_MEMORY_H
#define MBX_MEMORY_H

#include <stddef.h>
#include <stdint.h>

#include <mbx/status.h>

#ifdef __cplusplus
extern "C" {
#endif

enum mbx_growth {
	MBX_GROWTH_RESERVED,
	MBX_GROWTH_MOVING,
	MBX_GROWTH_MOVING_DISCARD,
};

struct mbx_memory;
struct mbx_mailbox;

/* Creates zeroed memory of initial_pages; 1 <= initial <= maximum <= MBX_MAX_PAGES. */
enum mbx_status mbx_memory_create(struct mbx_memory **out, uint32_t initial_pages,
                                  uint32_t maximum_pages, enum mbx_growth growth);
void mbx_memory_destroy(struct mbx_memory *memory);

/*
 * Grows by delta_pages; *old_pages (may be NULL) receives the size before.
 * New pages are zero, existing bytes are preserved. MBX_E_GROW_LIMIT past the
 * maximum (nothing changes). One grower at a time.
 */
enum mbx_status mbx_memory_grow(struct mbx_memory *memory, uint32_t delta_pages,
                                uint32_t *old_pages);

/*
 * MBX_GROWTH_MOVING_DISCARD only: non-zero words in [offset, offset + bytes)
 * of every block growth released, i.e. writes made there through a stale
 * base after the release (a lower bound: a write of 0 is not seen). 0 for
 * other policies. Not concurrent with grow.
 */
/*
 * The four steps of mbx/mailbox.h ("Moving linear memory") on this memory:
 * grows it by delta_pages (*old_pages, may be NULL, receives the size before)
 * and moves the mailbox with it, over the library's public calls (hold_base,
 * copy, refresh_base, release). The mailbox must be attached to memory.
 * MBX_E_INVALID for NULL or a mailbox not in memory (or held); otherwise
 * errors as mbx_memory_grow, with nothing changed. One grower at a time; the
 * guest (the thread that drains) is the natural grower, as memory.grow runs
 * on the guest. Blocking under an RCU base (a grace period).
 */
enum mbx_status mbx_mailbox_grow_memory(struct mbx_mailbox *mailbox, struct mbx_memory *memory,
                                        uint32_t delta_pages, uint32_t *old_pages);

uint64_t mbx_memory_stale_words(const struct mbx_memory *memory, uint64_t offset, size_t bytes);

/*
 * Current base address and size; safe against a concurrent grow (acquire).
 * For NULL: NULL, 0, 0 pages, 0 maximum, MBX_GROWTH_RESERVED.
 */
void *mbx_memory_base(const struct mbx_memory *memory);
size_t mbx_memory_size(const struct mbx_memory *memory);
uint32_t mbx_memory_pages(const struct mbx_memory *memory);
uint32_t mbx_memory_maximum_pages(const struct mbx_memory *memory);
enum mbx_growth mbx_memory_growth(const struct mbx_memory *memory);

/* Bounds-checked u32 access at a byte offset (4-aligned), relaxed atomics. */
enum mbx_status mbx_memory_load_u32(const struct mbx_memory *memory, uint64_t offset,
                                    uint32_t *value);
enum mbx_status mbx_memory_store_u32(struct mbx_memory *memory, uint64_t offset, uint32_t value);

#ifdef __cplusplus
}
#endif

#endif /* MBX_MEMORY_H */
