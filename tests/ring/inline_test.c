/* SPDX-License-Identifier: MIT */
/*
 * <mbx/inline.h>: every mbx_enqueue_<variant>_<wake> leaves the mailbox
 * byte for byte as mbx_enqueue does on a mailbox attached with that variant
 * and wake (300 ids from a tail 150 below UINT32_MAX: the ring and the
 * index both wrap), returns the same statuses, changes nothing when it
 * refuses, and follows the base and the closed state of its mailbox.
 */
#include <string.h>

#include <mbx/base.h>
#include <mbx/guest.h>
#include <mbx/inline.h>
#include <mbx/mailbox.h>
#include <mbx/memory.h>
#include <mbx/tally.h>

#include "check.h"

typedef enum mbx_status (*inline_enqueue_fn)(const struct mbx_fast *fast, uint64_t task_id);

static const struct {
	const char *variant, *wake;
	inline_enqueue_fn enqueue;
} pairs[] = {
#define PAIR(variant, wake) {#variant, #wake, mbx_enqueue_##variant##_##wake},
    MBX_INLINE_ENQUEUES(PAIR)
#undef PAIR
};

#define PAIRS    (sizeof(pairs) / sizeof(pairs[0]))
#define IDS      300u
#define START    (UINT32_MAX - 150u)
#define DRAIN_AT 100u /* the guest drains every DRAIN_AT ids, so sequenced never fills */

/* A mailbox in its own memory, attached with one pair's variant and wake. */
struct rig {
	struct mbx_memory *memory;
	struct mbx_mailbox *mailbox;
	struct mbx_abi_mailbox *box;
	struct mbx_fast fast;
	struct mbx_guest guest;
};

static void discard(void *context, uint32_t task_id, bool overflowed)
{
	(void)context;
	(void)task_id;
	(void)overflowed;
}

static size_t pair_index(const char *variant, const char *wake)
{
	for (size_t p = 0; p < PAIRS; p++)
		if (strcmp(pairs[p].variant, variant) == 0 && strcmp(pairs[p].wake, wake) == 0)
			return p;
	CHECK(!"a pair of MBX_INLINE_ENQUEUES");
	return 0;
}

static bool rig_up(struct rig *rig, size_t pair)
{
	struct mbx_options options = {0};
	/* The guest that pairs with the row: corrected for a ring that never overwrites. */
	bool corrected = strcmp(pairs[pair].variant, "sequenced") == 0 ||
	                 strcmp(pairs[pair].variant, "announced") == 0;

	CHECK_STATUS(mbx_variant_find(pairs[pair].variant, &options.variant), MBX_OK);
	CHECK_STATUS(mbx_wake_find(pairs[pair].wake, &options.wake), MBX_OK);
	if (!options.variant)
		return false;
	CHECK_STATUS(mbx_memory_create(&rig->memory, 1, 1, MBX_GROWTH_RESERVED), MBX_OK);
	CHECK_STATUS(mbx_mailbox_attach(&rig->mailbox, mbx_memory_base(rig->memory),
	                                mbx_memory_size(rig->memory), 0, &options),
	             MBX_OK);
	CHECK_STATUS(mbx_mailbox_fast(rig->mailbox, &rig->fast), MBX_OK);
	rig->box = mbx_mailbox_region(rig->mailbox);
	/* Relaxed: single-threaded set-up, as a guest would leave its words. */
	atomic_store_explicit(&rig->box->head, START, memory_order_relaxed);
	atomic_store_explicit(&rig->box->tail, START, memory_order_relaxed);
	/* After the words: the batched guest (announced) keeps its own head from here on. */
	CHECK_STATUS(mbx_guest_init(&rig->guest, rig->mailbox,
	                            corrected ? MBX_GUEST_CORRECTED : MBX_GUEST_REFERENCE, discard,
	                            NULL),
	             MBX_OK);
	return true;
}

static void rig_down(struct rig *rig)
{
	mbx_mailbox_detach(rig->mailbox);
	mbx_memory_destroy(rig->memory);
}

/* Inline and dispatched: the same statuses and the same 1040 bytes, pair by pair. */
static void inline_matches_dispatched_byte_for_byte(void)
{
	for (size_t p = 0; p < PAIRS; p++) {
		struct rig dispatched, inlined;
		uint32_t taken;

		if (!rig_up(&dispatched, p) || !rig_up(&inlined, p))
			return;
		for (uint32_t i = 1; i <= IDS; i++) {
			uint32_t id = mbx_tally_id(i % 3, i);

			if (i == 10) {
				/* Relaxed: a sleeping guest's announcement, before the enqueue reads it. */
				atomic_store_explicit(&dispatched.box->waiter, 1u,
				                      memory_order_relaxed);
				atomic_store_explicit(&inlined.box->waiter, 1u,
				                      memory_order_relaxed);
			}
			CHECK_STATUS(pairs[p].enqueue(&inlined.fast, id),
			             mbx_enqueue(dispatched.mailbox, id));
			if (i % DRAIN_AT == 0) {
				CHECK_STATUS(mbx_guest_drain(&dispatched.guest, &taken), MBX_OK);
				CHECK_STATUS(mbx_guest_drain(&inlined.guest, &taken), MBX_OK);
			}
		}
		/* Relaxed: read after the single-threaded enqueues. */
		CHECK_EQ(atomic_load_explicit(&inlined.box->tail, memory_order_relaxed),
		         START + IDS);
		if (memcmp(dispatched.box, inlined.box, MBX_MAILBOX_BYTES) != 0) {
			fprintf(stderr, "  %s/%s: the mailboxes differ\n", pairs[p].variant,
			        pairs[p].wake);
			check_failures++;
		}
		/* notify's wake is the host-side condition variable: a permit is waiting. */
		CHECK_EQ(mbx_mailbox_wait_for_signal(inlined.mailbox, 0) == MBX_OK,
		         strcmp(pairs[p].wake, "notify") == 0);
		rig_down(&dispatched);
		rig_down(&inlined);
	}
}

/* Snapshot-compares the whole region around a refused call. */
#define CHECK_REFUSED(rig, call, expected)                             \
	do {                                                           \
		unsigned char before[MBX_MAILBOX_BYTES];               \
		memcpy(before, (rig)->box, sizeof before);             \
		CHECK_STATUS(call, expected);                          \
		CHECK(memcmp(before, (rig)->box, sizeof before) == 0); \
	} while (0)

/* The statuses of mbx_enqueue, with nothing changed on a refusal. */
static void inline_statuses_match_mbx_enqueue(void)
{
	for (size_t p = 0; p < PAIRS; p++) {
		struct rig rig;
		inline_enqueue_fn enqueue = pairs[p].enqueue;

		if (!rig_up(&rig, p))
			return;
		CHECK_REFUSED(&rig, enqueue(NULL, 1), MBX_E_INVALID);
		CHECK_REFUSED(&rig, enqueue(&(struct mbx_fast){0}, 1), MBX_E_INVALID);
		CHECK_REFUSED(&rig, enqueue(&rig.fast, 0), MBX_E_BAD_TASK_ID);
		CHECK_REFUSED(&rig, enqueue(&rig.fast, (uint64_t)UINT32_MAX + 1u),
		              MBX_E_BAD_TASK_ID);
		CHECK_REFUSED(&rig, enqueue(&rig.fast, UINT64_MAX), MBX_E_BAD_TASK_ID);
		CHECK_STATUS(enqueue(&rig.fast, UINT32_MAX), MBX_OK);
		if (strcmp(pairs[p].variant, "sequenced") == 0 ||
		    strcmp(pairs[p].variant, "announced") == 0) {
			for (uint32_t i = 1; i < MBX_CAPACITY; i++)
				CHECK_STATUS(enqueue(&rig.fast, i), MBX_OK);
			CHECK_REFUSED(&rig, enqueue(&rig.fast, 7), MBX_E_FULL);
			CHECK_REFUSED(&rig, mbx_enqueue(rig.mailbox, 7), MBX_E_FULL);
		}
		CHECK_STATUS(mbx_mailbox_close(rig.mailbox), MBX_OK);
		CHECK_REFUSED(&rig, enqueue(&rig.fast, 7), MBX_E_CLOSED);
		rig_down(&rig);
	}
}

/* The view reads its mailbox's base on every call: a refreshed base is followed. */
static void inline_follows_a_refreshed_base(void)
{
	struct rig rig;
	struct mbx_memory *moved;

	if (!rig_up(&rig, pair_index("seed", "spin")))
		return;
	CHECK_STATUS(mbx_memory_create(&moved, 1, 1, MBX_GROWTH_RESERVED), MBX_OK);
	CHECK_STATUS(mbx_enqueue_seed_spin(&rig.fast, 5), MBX_OK);
	CHECK_STATUS(
	    mbx_mailbox_refresh_base(rig.mailbox, mbx_memory_base(moved), mbx_memory_size(moved)),
	    MBX_OK);
	CHECK_STATUS(mbx_enqueue_seed_spin(&rig.fast, 6), MBX_OK);
	/* Relaxed: single-threaded; the new memory's first enqueue went to its slot 0. */
	CHECK_EQ(
	    atomic_load_explicit(&mbx_mailbox_region(rig.mailbox)->ring[0], memory_order_relaxed),
	    6);
	CHECK_EQ(atomic_load_explicit(&rig.box->ring[mbx_slot_index(START)], memory_order_relaxed),
	         5);
	rig_down(&rig);
	mbx_memory_destroy(moved);
}

/* mbx_mailbox_fast hands out a view only where the inline path is the whole enqueue. */
static void fast_view_refuses_what_it_cannot_serve(void)
{
	struct rig rig;
	struct mbx_fast fast = {0};

	if (!rig_up(&rig, pair_index("seed", "futex")))
		return;
	CHECK_STATUS(mbx_mailbox_fast(NULL, &fast), MBX_E_INVALID);
	CHECK_STATUS(mbx_mailbox_fast(rig.mailbox, NULL), MBX_E_INVALID);
	CHECK(fast.mailbox == NULL);
	CHECK(rig.fast.mailbox == rig.mailbox);
#ifdef MBX_HAVE_URCU
	struct mbx_mailbox *other;
	struct mbx_options options = {0};

	CHECK_STATUS(mbx_base_find("rcu_memb", &options.base), MBX_OK);
	CHECK_STATUS(mbx_mailbox_attach(&other, mbx_memory_base(rig.memory),
	                                mbx_memory_size(rig.memory), 0, &options),
	             MBX_OK);
	CHECK_STATUS(mbx_mailbox_fast(other, &fast), MBX_E_INVALID);
	mbx_mailbox_detach(other);
	options = (struct mbx_options){0};
	CHECK_STATUS(mbx_variant_find("wfcq", &options.variant), MBX_OK);
	CHECK_STATUS(mbx_mailbox_attach(&other, mbx_memory_base(rig.memory),
	                                mbx_memory_size(rig.memory), 0, &options),
	             MBX_OK);
	CHECK_STATUS(mbx_mailbox_fast(other, &fast), MBX_E_INVALID);
	mbx_mailbox_detach(other);
	CHECK(fast.mailbox == NULL);
#endif
	rig_down(&rig);
}

int main(void)
{
	RUN_CASE(inline_matches_dispatched_byte_for_byte);
	RUN_CASE(inline_statuses_match_mbx_enqueue);
	RUN_CASE(inline_follows_a_refreshed_base);
	RUN_CASE(fast_view_refuses_what_it_cannot_serve);
	return CHECK_EXIT();
}
