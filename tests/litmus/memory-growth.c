// SPDX-License-Identifier: MIT
/*
 * The simulated memory's growth publication (sim/memory_internal.h:
 * mbx__memory_publish, what mbx__memory_grow_commit does after copying the
 * old block; mbx__memory_read_base and mbx__memory_read_size, what
 * mbx_memory_base and mbx_memory_size do).
 *
 * The grower copies the old block into the new one (a plain write), then
 * publishes the new base (R-MEM1) and the new size (R-MEM2). A reader reads
 * the size (A-MEM2), then the base (A-MEM1), then, when the base is the new
 * one, the block's content.
 * Property: a reader that sees the new size sees the new base; a reader that
 * sees the new base sees the copied content (and does not race with the copy).
 * With R-MEM1 relaxed (MBX_LITMUS_RELAXED_MEM1) a reader that saw the old size
 * can see the new base before the copy: a race, violated. With R-MEM2 relaxed
 * (MBX_LITMUS_RELAXED_MEM2) a reader can see the new size and the old base:
 * violated.
 *
 * litmus: memory-growth                                   expect: holds
 * litmus: memory-growth-relaxed-base -DMBX_LITMUS_RELAXED_MEM1 expect: violated
 * litmus: memory-growth-relaxed-size -DMBX_LITMUS_RELAXED_MEM2 expect: violated
 * edges: R-MEM1 A-MEM1 R-MEM2 A-MEM2
 */
#include "litmus.h"
#include "memory_internal.h"

enum { OLD_SIZE = 1, NEW_SIZE = 2 };

static int old_block[OLD_SIZE], new_block[NEW_SIZE];
static _Atomic(uintptr_t) base = (uintptr_t)old_block;
static _Atomic(size_t) size = OLD_SIZE;

static void *grower(void *arg)
{
	(void)arg;
	new_block[0] = 7; /* the copy of the old block (mbx__memory_grow_commit's memcpy) */
	mbx__memory_publish(&base, &size, (uintptr_t)new_block, NEW_SIZE); /* R-MEM1, R-MEM2 */
	return NULL;
}

static void *reader(void *arg)
{
	size_t seen_size = mbx__memory_read_size(&size);      /* A-MEM2 */
	int *seen_base = (int *)mbx__memory_read_base(&base); /* A-MEM1 */

	(void)arg;
	if (seen_size == NEW_SIZE)
		assert(seen_base == new_block);
	if (seen_base == new_block)
		assert(seen_base[0] == 7);
	return NULL;
}

int main(void)
{
	pthread_t threads[2];

	pthread_create(&threads[0], NULL, grower, NULL);
	pthread_create(&threads[1], NULL, reader, NULL);
	for (int i = 0; i < 2; i++)
		pthread_join(threads[i], NULL);
	return 0;
}
