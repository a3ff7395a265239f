/* SPDX-License-Identifier: MIT */
/*
 * Close is a quiescence point (issue 12, item 4), on every base:
 *   - producers enqueue in a loop while close is called; once close has
 *     returned, the guest memory never changes again (a snapshot taken at
 *     once equals the memory after every producer has stopped), and every
 *     producer stops with MBX_E_CLOSED. Under ASan, every other round frees
 *     the memory as soon as close returns: a late write is a
 *     heap-use-after-free report.
 *   - under an RCU base, producers held off by a move return MBX_E_CLOSED
 *     when the mailbox is closed instead of waiting for a publish that never
 *     comes, and write nothing.
 */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include <mbx/mailbox.h>

#include "check.h"

#define PRODUCERS    2
#define MEMORY_BYTES 4096u

struct rig {
	struct mbx_mailbox *mailbox;
	unsigned char *memory;
	_Atomic uint64_t enqueued;
	_Atomic int started;
	enum mbx_status last[PRODUCERS];
	uint32_t producer_ids[PRODUCERS];
};

struct producer {
	struct rig *rig;
	int index;
};

static void *produce(void *argument)
{
	struct producer *p = argument;
	struct rig *rig = p->rig;
	uint32_t id = (uint32_t)p->index << 24;
	enum mbx_status status;

	atomic_fetch_add(&rig->started, 1);
	while ((status = mbx_enqueue(rig->mailbox, ++id | 1u)) == MBX_OK)
		atomic_fetch_add_explicit(&rig->enqueued, 1, memory_order_relaxed);
	rig->last[p->index] = status;
	return NULL;
}

static void start(struct rig *rig, const struct mbx_base *base, pthread_t *threads,
                  struct producer *producers)
{
	struct mbx_options options = {.wake = MBX_WAKE_SPIN, .base = base};

	/* seed overwrites: never full, so producers write guest memory until closed. */
	CHECK_STATUS(mbx_variant_find("seed", &options.variant), MBX_OK);
	rig->memory = calloc(1, MEMORY_BYTES);
	CHECK(rig->memory != NULL);
	atomic_init(&rig->enqueued, 0);
	atomic_init(&rig->started, 0);
	CHECK_STATUS(mbx_mailbox_attach(&rig->mailbox, rig->memory, MEMORY_BYTES, 64, &options),
	             MBX_OK);
	for (int i = 0; i < PRODUCERS; i++) {
		producers[i] = (struct producer){.rig = rig, .index = i};
		rig->last[i] = MBX_OK;
		pthread_create(&threads[i], NULL, produce, &producers[i]);
	}
}

static void stop(struct rig *rig, pthread_t *threads)
{
	for (int i = 0; i < PRODUCERS; i++) {
		pthread_join(threads[i], NULL);
		CHECK_STATUS(rig->last[i], MBX_E_CLOSED);
	}
	mbx_mailbox_detach(rig->mailbox); /* after close: safe */
}

static unsigned rounds(void)
{
	return (unsigned)check_stress_ids(50, 20);
}

/* One base: close under producers in flight, `rounds` times. */
static void memory_never_changes_after_close_returns(const struct mbx_base *base)
{
	static unsigned char snapshot[MEMORY_BYTES];
	uint64_t total = 0;

	for (unsigned round = 0; round < rounds(); round++) {
		struct producer producers[PRODUCERS];
		pthread_t threads[PRODUCERS];
		struct rig rig;
		bool free_at_once = false;

#if defined(MBX_ASAN_BUILD)
		free_at_once = round % 2 == 1;
#endif
		start(&rig, base, threads, producers);
		/* Enqueues in flight: every producer running, some ids written. */
		while (atomic_load(&rig.started) < PRODUCERS ||
		       atomic_load_explicit(&rig.enqueued, memory_order_relaxed) < 200)
			sched_yield();
		CHECK_STATUS(mbx_mailbox_close(rig.mailbox), MBX_OK);
		if (free_at_once) {
			free(rig.memory); /* a write from here on is ASan's heap-use-after-free */
			rig.memory = NULL;
		} else {
			memcpy(snapshot, rig.memory, MEMORY_BYTES);
		}
		total += atomic_load(&rig.enqueued);
		stop(&rig, threads);
		if (!free_at_once) {
			CHECK(memcmp(snapshot, rig.memory, MEMORY_BYTES) == 0);
			free(rig.memory);
		}
	}
	printf("  %-9s %u closes under %d producers (%llu ids before close): memory still after "
	       "each\n",
	       mbx_base_name(base), rounds(), PRODUCERS, (unsigned long long)total);
}

static void close_under_producers_on_every_base(void)
{
	for (size_t b = 0; b < mbx_base_count(); b++) {
		const struct mbx_base *base = mbx_base_at(b);

		if (check_skip_opaque_to_tsan(mbx_base_is_rcu(base), mbx_base_name(base)))
			continue;
		memory_never_changes_after_close_returns(base);
	}
}

/* RCU bases: producers held off by a move return MBX_E_CLOSED once closed. */
static void held_producers_return_closed_on_every_rcu_base(void)
{
	static unsigned char snapshot[MEMORY_BYTES];

	for (size_t b = 0; b < mbx_base_count(); b++) {
		const struct mbx_base *base = mbx_base_at(b);
		struct producer producers[PRODUCERS];
		pthread_t threads[PRODUCERS];
		struct rig rig;

		if (!mbx_base_is_rcu(base) || check_skip_opaque_to_tsan(true, mbx_base_name(base)))
			continue;
		start(&rig, base, threads, producers);
		while (atomic_load(&rig.started) < PRODUCERS)
			sched_yield();
		CHECK_STATUS(mbx_mailbox_hold_base(rig.mailbox), MBX_OK);
		memcpy(snapshot, rig.memory, MEMORY_BYTES);
		/* The producers now wait for a publish that will never come. */
		CHECK_STATUS(mbx_mailbox_close(rig.mailbox), MBX_OK);
		stop(&rig, threads);
		CHECK(memcmp(snapshot, rig.memory, MEMORY_BYTES) == 0);
		free(rig.memory);
		printf("  %-9s held producers returned MBX_E_CLOSED\n", mbx_base_name(base));
	}
}

int main(void)
{
	RUN_CASE(close_under_producers_on_every_base);
	RUN_CASE(held_producers_return_closed_on_every_rcu_base);
	return CHECK_EXIT();
}
