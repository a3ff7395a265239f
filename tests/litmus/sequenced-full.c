// SPDX-License-Identifier: MIT
/*
 * sequenced + corrected guest on a full ring: back-pressure, never an
 * overwrite. The ring starts full (head 0, tail 256, every slot published,
 * ids 2..257); one producer tries once to enqueue id 1 with sequenced's
 * publish step (mbx__publish_sequenced, <mbx/inline.h>), while the corrected guest drains
 * (sim/guest_steps.h) and waits for the flag.
 * Property: the producer either finds the ring full (MBX_E_FULL, nothing
 * written) or stores into slot 0 only after the guest read and cleared it:
 * every id, old and new, is taken exactly once. The claim's acquire of head
 * (A-HEAD) pairs with the guest's release of head (R-HEAD), which follows
 * its relaxed clear of the slot: the clear happens-before the new store.
 *
 * litmus: sequenced-full expect: holds
 * edges: A-HEAD R-HEAD R-SEQ-SLOT A-SEQ-SLOT
 */
#define LITMUS_MAX_IDS (MBX_CAPACITY + 2)
#include "litmus.h"

static bool published;

static void *producer(void *arg)
{
	(void)arg;
	published = mbx__publish_sequenced(&litmus_box, 1u) == MBX_OK;
	return NULL;
}

int main(void)
{
	/* Relaxed: before the threads start. */
	for (uint32_t slot = 0; slot < MBX_CAPACITY; slot++)
		atomic_store_explicit(&litmus_box.ring[slot], slot + 2u, memory_order_relaxed);
	atomic_store_explicit(&litmus_box.tail, MBX_CAPACITY, memory_order_relaxed);
	atomic_store_explicit(&litmus_box.flag, 1u, memory_order_relaxed);
	litmus_run(litmus_corrected_guest, producer, 1);
	assert(litmus_bad_ids == 0);
	assert(litmus_taken[1] == (published ? 1 : 0));
	for (uint32_t id = 2; id < MBX_CAPACITY + 2u; id++)
		assert(litmus_taken[id] == 1);
	return 0;
}
