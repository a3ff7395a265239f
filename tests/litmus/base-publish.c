// SPDX-License-Identifier: MIT
/*
 * The atomic base's publication and is_signalled's read of the flag
 * (ring/mailbox_internal.h: mbx__mailbox_publish_region, the atomic base's
 * publish in ring/base.c; mbx__mailbox_box, every enqueue's read of the base;
 * mbx__mailbox_flag_raised, mbx_mailbox_is_signalled's read of the flag).
 *
 * Base: the grower copies the old block into the new one (a plain write: the
 * block's content) and publishes the new base (R-BASE); a producer reads the
 * base (A-BASE) and, when it is the new one, reads the copied content there.
 * Property: that read sees the copy and races with no write.
 * Signal: a producer enqueues id 7 with sequenced's own steps
 * (mbx__publish_sequenced: claim, release slot store, the RMW raise, R-FLAG);
 * an observer asks whether the flag is raised (A-SIGNAL) and, when it is,
 * reads slot 0 relaxed (the reference guest's read, sim/guest_steps.h).
 * Property: a raised flag means the id is visible: slot 0 holds 7.
 * Each order removed (MBX_LITMUS_RELAXED_BASE: R-BASE a relaxed store;
 * MBX_LITMUS_RELAXED_SIGNAL: A-SIGNAL a relaxed load) leaves nothing that
 * orders the two threads: the content read races with the copy, the slot
 * read can miss the id: violated.
 *
 * litmus: base-publish                                 expect: holds
 * litmus: base-publish-relaxed -DMBX_LITMUS_RELAXED_BASE     expect: violated
 * litmus: signal-relaxed -DMBX_LITMUS_RELAXED_SIGNAL         expect: violated
 * edges: R-BASE A-BASE A-SIGNAL
 */
#include "litmus.h"
/* mailbox_internal.h's marker is thread-local; GenMC cannot initialise one (close-quiescent.c). */
#define _Thread_local
#define tls_model(model) unused
#include "mailbox_internal.h"
#undef tls_model
#undef _Thread_local

struct mbx__inflight mbx__inflight_self;
bool mbx__inflight_fenced = true;

static struct mbx_mailbox mailbox;
static struct mbx_abi_mailbox old_box, new_box;
static int new_content; /* the new block's copied content, beside the mailbox */

static void *grower(void *arg)
{
	(void)arg;
	new_content = 7;                                            /* the copy of the old block */
	mbx__mailbox_publish_region(&mailbox, (uintptr_t)&new_box); /* R-BASE */
	return NULL;
}

static void *base_reader(void *arg)
{
	(void)arg;
	if (mbx__mailbox_box(&mailbox) == &new_box) /* A-BASE */
		assert(new_content == 7);
	return NULL;
}

static void *producer(void *arg)
{
	(void)arg;
	(void)mbx__publish_sequenced(&litmus_box, 7u); /* R-FLAG in the raise */
	return NULL;
}

static void *observer(void *arg)
{
	(void)arg;
	if (mbx__mailbox_flag_raised(&litmus_box)) /* A-SIGNAL */
		assert(mbx__steps_reference_read(&litmus_box, 0u) == 7u);
	return NULL;
}

int main(void)
{
	pthread_t threads[4];

	/* Relaxed: before any thread starts (pthread_create orders it). */
	atomic_store_explicit(&mailbox.region, (uintptr_t)&old_box, memory_order_relaxed);
	pthread_create(&threads[0], NULL, grower, NULL);
	pthread_create(&threads[1], NULL, base_reader, NULL);
	pthread_create(&threads[2], NULL, producer, NULL);
	pthread_create(&threads[3], NULL, observer, NULL);
	for (int i = 0; i < 4; i++)
		pthread_join(threads[i], NULL);
	return 0;
}
