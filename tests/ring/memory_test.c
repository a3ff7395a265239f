/* SPDX-License-Identifier: MIT */
/* Simulated linear memory: growth under both policies and every bad input. */
#include <string.h>

#include <mbx/abi.h>
#include <mbx/memory.h>

#include "check.h"

static void growth_preserves_data(enum mbx_growth growth, int base_moves)
{
	struct mbx_memory *memory;
	uint32_t old_pages = 0, value = 0;
	void *before;

	CHECK_STATUS(mbx_memory_create(&memory, 1, 8, growth), MBX_OK);
	CHECK_EQ(mbx_memory_size(memory), MBX_PAGE_SIZE);
	CHECK_STATUS(mbx_memory_store_u32(memory, 12, 0xdeadbeef), MBX_OK);
	CHECK_STATUS(mbx_memory_store_u32(memory, MBX_PAGE_SIZE - 4, 42), MBX_OK);
	before = mbx_memory_base(memory);
	CHECK_STATUS(mbx_memory_grow(memory, 3, &old_pages), MBX_OK);
	CHECK_EQ(old_pages, 1);
	CHECK_EQ(mbx_memory_pages(memory), 4);
	CHECK_EQ(mbx_memory_size(memory), 4u * MBX_PAGE_SIZE);
	CHECK_EQ(mbx_memory_base(memory) != before, base_moves);
	CHECK_STATUS(mbx_memory_load_u32(memory, 12, &value), MBX_OK);
	CHECK_EQ(value, 0xdeadbeef);
	CHECK_STATUS(mbx_memory_load_u32(memory, MBX_PAGE_SIZE - 4, &value), MBX_OK);
	CHECK_EQ(value, 42);
	/* New pages are zero and writable up to the new end. */
	CHECK_STATUS(mbx_memory_load_u32(memory, 4u * MBX_PAGE_SIZE - 4, &value), MBX_OK);
	CHECK_EQ(value, 0);
	CHECK_STATUS(mbx_memory_store_u32(memory, 4u * MBX_PAGE_SIZE - 4, 7), MBX_OK);
	/* Growing by zero reports the size and changes nothing. */
	CHECK_STATUS(mbx_memory_grow(memory, 0, &old_pages), MBX_OK);
	CHECK_EQ(old_pages, 4);
	mbx_memory_destroy(memory);
}

static void growth_reserved_keeps_base(void)
{
	growth_preserves_data(MBX_GROWTH_RESERVED, 0);
}

static void growth_moving_moves_base(void)
{
	growth_preserves_data(MBX_GROWTH_MOVING, 1);
}

static void growth_moving_discard_moves_base(void)
{
	growth_preserves_data(MBX_GROWTH_MOVING_DISCARD, 1);
}

/* A write through the old base after a discarding move lands in dead pages and is counted. */
static void discard_counts_writes_through_a_stale_base(void)
{
	struct mbx_memory *memory;
	_Atomic uint32_t *stale;

	CHECK_STATUS(mbx_memory_create(&memory, 1, 3, MBX_GROWTH_MOVING_DISCARD), MBX_OK);
	stale = (_Atomic uint32_t *)mbx_memory_base(memory);
	CHECK_STATUS(mbx_memory_grow(memory, 1, NULL), MBX_OK);
	CHECK_EQ(mbx_memory_stale_words(memory, 0, 64), 0);
	atomic_store(&stale[3], 0xdead); /* the old block: mapped, dead, not the memory */
	atomic_store(&stale[100], 0xbeef);
	CHECK_EQ(mbx_memory_stale_words(memory, 0, 64), 1);      /* words 0..15 */
	CHECK_EQ(mbx_memory_stale_words(memory, 0, 1 << 20), 2); /* clamped to the block */
	CHECK_STATUS(mbx_memory_load_u32(memory, 12, &(uint32_t){0}), MBX_OK);
	/* Growth by 0 keeps the block, as memory.grow(0) does. */
	void *base = mbx_memory_base(memory);
	CHECK_STATUS(mbx_memory_grow(memory, 0, NULL), MBX_OK);
	CHECK(mbx_memory_base(memory) == base);
	mbx_memory_destroy(memory);
}

static void growth_past_maximum_fails_and_changes_nothing(void)
{
	for (int growth = MBX_GROWTH_RESERVED; growth <= MBX_GROWTH_MOVING_DISCARD; growth++) {
		struct mbx_memory *memory;
		uint32_t old_pages = 99;
		void *base;

		CHECK_STATUS(mbx_memory_create(&memory, 2, 3, (enum mbx_growth)growth), MBX_OK);
		base = mbx_memory_base(memory);
		CHECK_STATUS(mbx_memory_grow(memory, 2, &old_pages), MBX_E_GROW_LIMIT);
		CHECK_STATUS(mbx_memory_grow(memory, UINT32_MAX, &old_pages), MBX_E_GROW_LIMIT);
		CHECK_EQ(old_pages, 99);
		CHECK_EQ(mbx_memory_pages(memory), 2);
		CHECK(mbx_memory_base(memory) == base);
		CHECK_STATUS(mbx_memory_grow(memory, 1, NULL), MBX_OK);
		CHECK_STATUS(mbx_memory_grow(memory, 1, NULL), MBX_E_GROW_LIMIT);
		mbx_memory_destroy(memory);
	}
}

static void create_rejects_bad_sizes(void)
{
	struct mbx_memory *memory = NULL;

	CHECK_STATUS(mbx_memory_create(NULL, 1, 1, MBX_GROWTH_RESERVED), MBX_E_INVALID);
	CHECK_STATUS(mbx_memory_create(&memory, 0, 1, MBX_GROWTH_RESERVED), MBX_E_INVALID);
	CHECK_STATUS(mbx_memory_create(&memory, 2, 1, MBX_GROWTH_RESERVED), MBX_E_INVALID);
	CHECK_STATUS(mbx_memory_create(&memory, 1, MBX_MAX_PAGES + 1, MBX_GROWTH_MOVING),
	             MBX_E_INVALID);
	CHECK_STATUS(mbx_memory_create(&memory, 1, 1, (enum mbx_growth)7), MBX_E_INVALID);
	CHECK(memory == NULL);
}

static void accessors_are_bounds_checked(void)
{
	struct mbx_memory *memory;
	uint32_t value = 5;

	CHECK_STATUS(mbx_memory_create(&memory, 1, 2, MBX_GROWTH_RESERVED), MBX_OK);
	CHECK_STATUS(mbx_memory_load_u32(memory, MBX_PAGE_SIZE, &value), MBX_E_OUT_OF_BOUNDS);
	CHECK_STATUS(mbx_memory_store_u32(memory, MBX_PAGE_SIZE, 1), MBX_E_OUT_OF_BOUNDS);
	CHECK_STATUS(mbx_memory_load_u32(memory, UINT64_MAX - 3, &value), MBX_E_OUT_OF_BOUNDS);
	CHECK_STATUS(mbx_memory_load_u32(memory, 6, &value), MBX_E_MISALIGNED);
	CHECK_STATUS(mbx_memory_load_u32(memory, 0, NULL), MBX_E_INVALID);
	CHECK_EQ(value, 5);
	mbx_memory_destroy(memory);
}

int main(void)
{
	RUN_CASE(growth_reserved_keeps_base);
	RUN_CASE(growth_moving_moves_base);
	RUN_CASE(growth_moving_discard_moves_base);
	RUN_CASE(discard_counts_writes_through_a_stale_base);
	RUN_CASE(growth_past_maximum_fails_and_changes_nothing);
	RUN_CASE(create_rejects_bad_sizes);
	RUN_CASE(accessors_are_bounds_checked);
	return CHECK_EXIT();
}
