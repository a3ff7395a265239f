// SPDX-License-Identifier: MIT
/*
 * Publication: does the guest ever take a slot before its store?
 * One producer writes its task's data (a plain int), then enqueues task 1
 * with an overwriting variant's own publish step (mbx__publish_<row> in
 * <mbx/inline.h>, the row's orders from MBX__OVERWRITING_VARIANTS); the
 * guest runs one drain pass (sim/guest_steps.h) and, for each id it takes,
 * reads that task's data.
 * Violated when the guest takes an id that was not stored there (0: the slot
 * read came first), or takes task 1 without seeing its data (a data race).
 *
 * Reference guest (tail, then each slot relaxed): violated with every
 * variant. The claim advances tail before the slot store, so a guest that
 * has seen the new tail can read the slot first: the publication race,
 * whatever the orders (R-TAIL orders nothing after it).
 * Corrected guest (slot acquire, stop at 0): it never takes a 0, so what is
 * left is whether the task's data is visible:
 *   seed     holds: the acq_rel claim releases the data (written before it),
 *            and the guest's acquire of tail (A-TAIL) pairs with it.
 *   relaxed  violated: nothing releases the data.
 *   release  holds: the release slot store (R-SLOT) pairs with A-SEQ-SLOT.
 *   seq_cst  holds: both of the above.
 * (One producer: the flag hole of two producers is sequenced-flag.c's.)
 *
 * litmus: publication-seed-reference     -DVARIANT=seed    -DREFERENCE expect: violated
 * litmus: publication-relaxed-reference  -DVARIANT=relaxed -DREFERENCE expect: violated
 * litmus: publication-release-reference  -DVARIANT=release -DREFERENCE expect: violated
 * litmus: publication-seq_cst-reference  -DVARIANT=seq_cst -DREFERENCE expect: violated
 * litmus: publication-seed-corrected     -DVARIANT=seed                expect: holds
 * litmus: publication-relaxed-corrected  -DVARIANT=relaxed             expect: violated
 * litmus: publication-release-corrected  -DVARIANT=release             expect: holds
 * litmus: publication-seq_cst-corrected  -DVARIANT=seq_cst             expect: holds
 * edges: R-TAIL A-TAIL R-SLOT A-SEQ-SLOT
 */
#include "litmus.h"

/* mbx__publish_<VARIANT>: the row's publish step in <mbx/inline.h>. */
#define PUBLISH_NAMED(v)  mbx__publish_##v
#define PUBLISH_EXPAND(v) PUBLISH_NAMED(v)
#define PUBLISH           PUBLISH_EXPAND(VARIANT)

static int task_data; /* the task's state, written before the enqueue */

static void *producer(void *arg)
{
	(void)arg;
	task_data = 42;
	PUBLISH(&litmus_box, 1u);
	return NULL;
}

static void *guest(void *arg)
{
	(void)arg;
#ifdef REFERENCE
	litmus_reference_drain(&litmus_box);
#else
	litmus_corrected_drain(&litmus_box);
#endif
	if (litmus_taken[1])
		assert(task_data == 42); /* a data race when nothing orders it */
	return NULL;
}

int main(void)
{
	litmus_run(guest, producer, 1);
	assert(litmus_bad_ids == 0); /* no slot read before its store */
	return 0;
}
