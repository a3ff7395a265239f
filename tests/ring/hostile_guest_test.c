/* SPDX-License-Identifier: MIT */
/*
 * The guest is untrusted: while producers enqueue through every variant and
 * wake policy, a hostile guest thread scribbles random and adversarial values
 * over the whole mailbox region as fast as it can. The host must stay inside
 * the mailbox (guard pages around it fault on any stray write; canaries in the
 * rest of its pages catch the remainder), never crash, and never block:
 * every enqueue returns within a bound, whatever the guest claims.
 *
 * Scribbles: at least 10^6 over all pairs here, 10^7 with MBX_STRESS_LONG=1.
 * The rows built on liburcu run in a case of their own, skipped without
 * liburcu and under TSan (check_skip_without_liburcu).
 */
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include <mbx/mailbox.h>

#include "check.h"

#define PAGE 4096u

struct arena {
	unsigned char *map; /* guard page | mailbox page(s) | guard page */
	size_t mapped;
	unsigned char *region; /* the mailbox */
	size_t region_pages;
};

struct hostile {
	struct mbx_abi_mailbox *box;
	_Atomic uint64_t scribbles;
	_Atomic bool stop;
	uint64_t seed;
};

struct producer {
	struct mbx_mailbox *mailbox;
	uint32_t enqueues;
	uint64_t accepted, full, worst_ns;
	enum mbx_status unexpected;
};

static uint64_t now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

static uint64_t next_random(uint64_t *state)
{
	*state ^= *state >> 12;
	*state ^= *state << 25;
	*state ^= *state >> 27;
	return *state * UINT64_C(2685821657736338717);
}

static void arena_create(struct arena *arena)
{
	arena->region_pages = (MBX_MAILBOX_BYTES + PAGE - 1) / PAGE;
	arena->mapped = (arena->region_pages + 2) * PAGE;
	arena->map =
	    mmap(NULL, arena->mapped, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(arena->map != MAP_FAILED);
	memset(arena->map, 0xa5, arena->mapped);
	arena->region = arena->map + PAGE;
	memset(arena->region, 0, MBX_MAILBOX_BYTES);
	CHECK(mprotect(arena->map, PAGE, PROT_NONE) == 0);
	CHECK(mprotect(arena->region + arena->region_pages * PAGE, PAGE, PROT_NONE) == 0);
}

static void arena_check_canaries(const struct arena *arena)
{
	size_t outside = arena->region_pages * PAGE - MBX_MAILBOX_BYTES, changed = 0;

	for (size_t i = 0; i < outside; i++)
		changed += arena->region[MBX_MAILBOX_BYTES + i] != 0xa5;
	CHECK_EQ(changed, 0);
}

static void arena_destroy(struct arena *arena)
{
	munmap(arena->map, arena->mapped);
}

/* Random and adversarial values over every word of the mailbox. */
static void *hostile_main(void *argument)
{
	static const uint32_t adversarial[] = {
	    0, 1, 2, UINT32_MAX, UINT32_MAX - 1, MBX_CAPACITY, MBX_CAPACITY - 1, 0x80000000u};
	struct hostile *hostile = argument;
	_Atomic uint32_t *words = (_Atomic uint32_t *)hostile->box;
	const uint32_t count = MBX_MAILBOX_BYTES / 4;
	uint64_t random = hostile->seed, scribbles = 0;

	/* Relaxed: a stop request; nothing is published with it. */
	while (!atomic_load_explicit(&hostile->stop, memory_order_relaxed)) {
		uint64_t r = next_random(&random);
		uint32_t word = (uint32_t)(r % count);
		uint32_t value = (r >> 32) & 1 ? (uint32_t)(r >> 33)
		                               : adversarial[(r >> 40) % (sizeof(adversarial) / 4)];

		/* The control words get most of the abuse: head far ahead, tail near wrap, flag 2. */
		if ((r >> 48) % 4 != 0)
			word = 1 + (uint32_t)((r >> 50) % 3); /* flag, head, tail */
		if ((r >> 56) % 16 == 0)
			word = 0; /* waiter: lie about sleeping */
		/* Relaxed: the hostile guest orders nothing. */
		atomic_store_explicit(&words[word], value, memory_order_relaxed);
		if (++scribbles % 1024 == 0)
			/* Relaxed: a progress count for the main thread, exact after the join. */
			atomic_store_explicit(&hostile->scribbles, scribbles, memory_order_relaxed);
	}
	/* Relaxed: read after the join. */
	atomic_store_explicit(&hostile->scribbles, scribbles, memory_order_relaxed);
	return NULL;
}

static void *producer_main(void *argument)
{
	struct producer *producer = argument;

	for (uint32_t i = 1; i <= producer->enqueues; i++) {
		uint64_t start = now_ns(), took;
		enum mbx_status status = mbx_enqueue(producer->mailbox, i);

		took = now_ns() - start;
		if (took > producer->worst_ns)
			producer->worst_ns = took;
		if (status == MBX_OK)
			producer->accepted++;
		else if (status == MBX_E_FULL)
			producer->full++;
		else
			producer->unexpected = status;
		if (i % 64 == 0)
			sched_yield(); /* let the scribbler run on 2 cores */
	}
	return NULL;
}

static uint64_t scribbles_wanted(void)
{
	const char *longer = getenv("MBX_STRESS_LONG");

	return longer && strcmp(longer, "1") == 0 ? 10000000u : 1000000u;
}

/* One (variant, wake) pair: 3 producers against the scribbler. */
static uint64_t run_pair(const struct mbx_variant *variant, enum mbx_wake_kind wake,
                         uint64_t scribble_target)
{
	struct arena arena;
	struct mbx_mailbox *mailbox;
	struct mbx_options options = {.variant = variant, .wake = wake};
	struct hostile hostile = {.seed = 0x9e3779b97f4a7c15u ^ (uint64_t)wake};
	struct producer producers[3];
	pthread_t threads[3], scribbler;
	uint64_t scribbles;

	arena_create(&arena);
	CHECK_STATUS(mbx_mailbox_attach(&mailbox, arena.region, MBX_MAILBOX_BYTES, 0, &options),
	             MBX_OK);
	hostile.box = mbx_mailbox_region(mailbox);
	atomic_init(&hostile.stop, false);
	atomic_init(&hostile.scribbles, 0);
	pthread_create(&scribbler, NULL, hostile_main, &hostile);
	do {
		for (int i = 0; i < 3; i++) {
			producers[i] = (struct producer){.mailbox = mailbox, .enqueues = 2000};
			pthread_create(&threads[i], NULL, producer_main, &producers[i]);
		}
		for (int i = 0; i < 3; i++) {
			pthread_join(threads[i], NULL);
			CHECK_EQ(producers[i].unexpected, MBX_OK);
			CHECK_EQ(producers[i].accepted + producers[i].full, 2000);
			/* Never blocked: even a system call wake returns well within a second. */
			CHECK(producers[i].worst_ns < 1000000000u);
		}
		/* Relaxed: a progress reading; exact once the scribbler is joined. */
	} while (atomic_load_explicit(&hostile.scribbles, memory_order_relaxed) < scribble_target);
	/* Relaxed: a stop request. */
	atomic_store_explicit(&hostile.stop, true, memory_order_relaxed);
	pthread_join(scribbler, NULL);
	/* Relaxed: the scribbler was joined. */
	scribbles = atomic_load_explicit(&hostile.scribbles, memory_order_relaxed);
	arena_check_canaries(&arena);
	mbx_mailbox_detach(mailbox);
	arena_destroy(&arena);
	return scribbles;
}

/* Every wake policy of every variant built on liburcu (or of every other one). */
static void host_stays_inside_mailbox(bool liburcu)
{
	uint64_t per_pair = scribbles_wanted() / (mbx_variant_count() * mbx_wake_count()) + 1;
	size_t pairs = 0;
	uint64_t total = 0;

	for (size_t v = 0; v < mbx_variant_count(); v++) {
		if (mbx_variant_opaque_to_tsan(mbx_variant_at(v)) != liburcu)
			continue;
		for (size_t w = 0; w < mbx_wake_count(); w++, pairs++)
			total += run_pair(mbx_variant_at(v), (enum mbx_wake_kind)w, per_pair);
	}
	printf("  %zu pairs, %llu scribbles, no fault, no block\n", pairs,
	       (unsigned long long)total);
}

static void host_stays_inside_mailbox_under_hostile_guest(void)
{
	host_stays_inside_mailbox(false);
}

static void liburcu_rows_stay_inside_mailbox_under_hostile_guest(void)
{
	if (!check_skip_without_liburcu())
		host_stays_inside_mailbox(true);
}

int main(int argc, char **argv)
{
	CHECK_MAIN(argc, argv);
	RUN_CASE(host_stays_inside_mailbox_under_hostile_guest);
	RUN_CASE(liburcu_rows_stay_inside_mailbox_under_hostile_guest);
	return CHECK_EXIT();
}
