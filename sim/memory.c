/* SPDX-License-Identifier: MIT */
/*
 * Orderings in this file:
 *   R-MEM1 grow publishes the new block (release) after copying into it;
 *          pairs with A-MEM1, every reader's acquire load of the base.
 *   size and pages are published after the base (release) and read with
 *   acquire, so a reader that sees the new size also sees the new base.
 */
#include <mbx/abi.h>
#include <mbx/memory.h>

#include "memory_internal.h"

#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

struct discarded_block {
	void *base;
	size_t size;
};

struct mbx_memory {
	_Atomic(uintptr_t) base;
	_Atomic(size_t) size;
	uint32_t maximum_pages;
	enum mbx_growth growth;
	/* MBX_GROWTH_MOVING_DISCARD: released blocks, kept mapped until destroy (grower only). */
	struct discarded_block *discarded;
	size_t discarded_count;
};

static size_t pages_to_bytes(uint32_t pages)
{
	return (size_t)pages * MBX_PAGE_SIZE;
}

static bool growth_moves(enum mbx_growth growth)
{
	return growth == MBX_GROWTH_MOVING || growth == MBX_GROWTH_MOVING_DISCARD;
}

/* A zeroed block for a moving policy: heap (sanitizers see stale writes) or its own mapping. */
static void *block_allocate(enum mbx_growth growth, size_t bytes)
{
	void *block;

	if (growth == MBX_GROWTH_MOVING_DISCARD) {
		block =
		    mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		return block == MAP_FAILED ? NULL : block;
	}
	block = aligned_alloc(MBX_PAGE_SIZE, bytes);
	if (block)
		memset(block, 0, bytes);
	return block;
}

enum mbx_status mbx_memory_create(struct mbx_memory **out, uint32_t initial_pages,
                                  uint32_t maximum_pages, enum mbx_growth growth)
{
	struct mbx_memory *memory;
	void *base;

	if (!out || initial_pages == 0 || initial_pages > maximum_pages ||
	    maximum_pages > MBX_MAX_PAGES ||
	    (growth != MBX_GROWTH_RESERVED && !growth_moves(growth)))
		return MBX_E_INVALID;
	memory = calloc(1, sizeof(*memory));
	if (!memory)
		return MBX_E_NO_MEMORY;
	if (growth == MBX_GROWTH_RESERVED) {
		base = mmap(NULL, pages_to_bytes(maximum_pages), PROT_NONE,
		            MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
		if (base == MAP_FAILED) {
			free(memory);
			return MBX_E_NO_MEMORY;
		}
		if (mprotect(base, pages_to_bytes(initial_pages), PROT_READ | PROT_WRITE) != 0) {
			munmap(base, pages_to_bytes(maximum_pages));
			free(memory);
			return MBX_E_NO_MEMORY;
		}
	} else {
		base = block_allocate(growth, pages_to_bytes(initial_pages));
		if (!base) {
			free(memory);
			return MBX_E_NO_MEMORY;
		}
	}
	/* Relaxed: the object is not shared yet; publishing it is the caller's job. */
	atomic_init(&memory->base, (uintptr_t)base);
	atomic_init(&memory->size, pages_to_bytes(initial_pages));
	memory->maximum_pages = maximum_pages;
	memory->growth = growth;
	*out = memory;
	return MBX_OK;
}

void mbx_memory_destroy(struct mbx_memory *memory)
{
	void *base;

	if (!memory)
		return;
	/* Relaxed: destruction requires that no other thread uses the memory. */
	base = (void *)atomic_load_explicit(&memory->base, memory_order_relaxed);
	if (memory->growth == MBX_GROWTH_RESERVED)
		munmap(base, pages_to_bytes(memory->maximum_pages));
	else if (memory->growth == MBX_GROWTH_MOVING_DISCARD)
		/* Relaxed: as above. */
		munmap(base, atomic_load_explicit(&memory->size, memory_order_relaxed));
	else
		free(base);
	for (size_t i = 0; i < memory->discarded_count; i++)
		munmap(memory->discarded[i].base, memory->discarded[i].size);
	free(memory->discarded);
	free(memory);
}

enum mbx_status mbx__memory_grow_prepare(struct mbx_memory *memory, uint32_t delta_pages,
                                         struct mbx__growth *growth)
{
	uint32_t pages;

	/* Relaxed: only the (single) grower writes base and size. */
	growth->old_size = atomic_load_explicit(&memory->size, memory_order_relaxed);
	growth->old_base = (void *)atomic_load_explicit(&memory->base, memory_order_relaxed);
	pages = (uint32_t)(growth->old_size / MBX_PAGE_SIZE);
	if (delta_pages > memory->maximum_pages - pages)
		return MBX_E_GROW_LIMIT;
	growth->new_size = pages_to_bytes(pages + delta_pages);
	growth->new_base = growth->old_base;
	if (memory->growth == MBX_GROWTH_RESERVED) {
		if (delta_pages &&
		    mprotect((char *)growth->old_base + growth->old_size,
		             growth->new_size - growth->old_size, PROT_READ | PROT_WRITE) != 0)
			return MBX_E_NO_MEMORY;
	} else if (delta_pages) {
		/* Growing by 0 keeps the block, as memory.grow(0) does. */
		growth->new_base = block_allocate(memory->growth, growth->new_size);
		if (!growth->new_base)
			return MBX_E_NO_MEMORY;
	}
	return MBX_OK;
}

void mbx__memory_grow_commit(struct mbx_memory *memory, const struct mbx__growth *growth)
{
	if (mbx__growth_moves(growth))
		memcpy(growth->new_base, growth->old_base, growth->old_size);
	mbx__memory_publish(&memory->base, &memory->size, (uintptr_t)growth->new_base,
	                    growth->new_size); /* R-MEM1, R-MEM2 */
}

void mbx__memory_grow_release(struct mbx_memory *memory, const struct mbx__growth *growth)
{
	struct discarded_block *more;

	if (!mbx__growth_moves(growth))
		return;
	if (memory->growth == MBX_GROWTH_MOVING) {
		/* The reference's hazard: holders of old_base now write freed memory. */
		free(growth->old_base);
		return;
	}
	/* Fresh zero pages over the old block: a stale write lands there, harmlessly. */
	if (mmap(growth->old_base, growth->old_size, PROT_READ | PROT_WRITE,
	         MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) == MAP_FAILED)
		abort(); /* cannot happen: same range, same protection */
	more = realloc(memory->discarded, (memory->discarded_count + 1) * sizeof(*more));
	if (!more)
		abort(); /* a grower that cannot record a block would leak address space */
	memory->discarded = more;
	memory->discarded[memory->discarded_count++] =
	    (struct discarded_block){growth->old_base, growth->old_size};
}

enum mbx_status mbx_memory_grow(struct mbx_memory *memory, uint32_t delta_pages,
                                uint32_t *old_pages)
{
	struct mbx__growth growth;
	enum mbx_status status;

	if (!memory)
		return MBX_E_INVALID;
	status = mbx__memory_grow_prepare(memory, delta_pages, &growth);
	if (status != MBX_OK)
		return status;
	mbx__memory_grow_commit(memory, &growth);
	mbx__memory_grow_release(memory, &growth);
	if (old_pages)
		*old_pages = (uint32_t)(growth.old_size / MBX_PAGE_SIZE);
	return MBX_OK;
}

uint64_t mbx_memory_stale_words(const struct mbx_memory *memory, uint64_t offset, size_t bytes)
{
	uint64_t words = 0;

	for (size_t i = 0; memory && i < memory->discarded_count; i++) {
		const uint32_t *block = memory->discarded[i].base;
		size_t size = memory->discarded[i].size;

		/* Plain reads: the caller has stopped every writer (see the header). */
		for (uint64_t at = offset & ~(uint64_t)3; at < size && at < offset + bytes; at += 4)
			words += block[at / 4] != 0;
	}
	return words;
}

void *mbx_memory_base(const struct mbx_memory *memory)
{
	if (!memory)
		return NULL;
	return (void *)mbx__memory_read_base(&memory->base); /* A-MEM1 */
}

size_t mbx_memory_size(const struct mbx_memory *memory)
{
	if (!memory)
		return 0;
	return mbx__memory_read_size(&memory->size); /* A-MEM2 */
}

uint32_t mbx_memory_pages(const struct mbx_memory *memory)
{
	return (uint32_t)(mbx_memory_size(memory) / MBX_PAGE_SIZE);
}

uint32_t mbx_memory_maximum_pages(const struct mbx_memory *memory)
{
	return memory ? memory->maximum_pages : 0;
}

enum mbx_growth mbx_memory_growth(const struct mbx_memory *memory)
{
	return memory ? memory->growth : MBX_GROWTH_RESERVED;
}

static _Atomic uint32_t *word_at(const struct mbx_memory *memory, uint64_t offset)
{
	size_t size = mbx_memory_size(memory);

	if (offset % 4 != 0 || offset > size || size - offset < 4)
		return NULL;
	return (_Atomic uint32_t *)((char *)mbx_memory_base(memory) + offset);
}

enum mbx_status mbx_memory_load_u32(const struct mbx_memory *memory, uint64_t offset,
                                    uint32_t *value)
{
	_Atomic uint32_t *word;

	if (!memory || !value)
		return MBX_E_INVALID;
	word = word_at(memory, offset);
	if (!word)
		return offset % 4 ? MBX_E_MISALIGNED : MBX_E_OUT_OF_BOUNDS;
	/* Relaxed: an inspection accessor; callers order it themselves. */
	*value = atomic_load_explicit(word, memory_order_relaxed);
	return MBX_OK;
}

enum mbx_status mbx_memory_store_u32(struct mbx_memory *memory, uint64_t offset, uint32_t value)
{
	_Atomic uint32_t *word;

	if (!memory)
		return MBX_E_INVALID;
	word = word_at(memory, offset);
	if (!word)
		return offset % 4 ? MBX_E_MISALIGNED : MBX_E_OUT_OF_BOUNDS;
	/* Relaxed: an inspection accessor; callers order it themselves. */
	atomic_store_explicit(word, value, memory_order_relaxed);
	return MBX_OK;
}
