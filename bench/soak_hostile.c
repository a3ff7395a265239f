/* SPDX-License-Identifier: MIT */
/*
 * The soak's hostile-guest configuration (docs/soak.md). The promise here
 * is not exactly-once (a lying guest loses its own ids) but: the host never
 * writes outside the mailbox region, and no enqueue hangs. Epochs as in
 * soak_run.c: each attaches at a random 4-aligned offset inside a page
 * fenced by PROT_NONE guard pages and filled with canaries, under the next
 * wake policy; producers enqueue while a scribbler thread writes random and
 * adversarial values over the mailbox words; the guest side closes with
 * enqueues in flight; then the canaries are checked. A producer that makes
 * no progress for SOAK_HANG_NS is a hang: the run fails without joining it.
 *
 * Orderings: none carry data. stop, heartbeat and the scribble count are
 * relaxed (requests and progress readings; exact values are read after the
 * joins); R-DONE / A-DONE as in soak_run.c.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "soak.h"

#define SOAK_CANARY  0xa5u
#define SOAK_HANG_NS (5 * 1000000000ull)

struct hostile_producer {
	struct mbx_mailbox *mailbox;
	pthread_t thread;
	uint32_t index;
	_Atomic uint64_t heartbeat; /* enqueues returned so far */
	_Atomic bool done;          /* R-DONE */
	uint64_t worst_ns, accepted;
	enum mbx_status unexpected; /* anything but OK, FULL, CLOSED */
};

struct scribbler {
	_Atomic uint32_t *words;
	_Atomic bool stop;
	uint64_t seed, scribbles;
	pthread_t thread;
};

static void *producer_main(void *argument)
{
	struct hostile_producer *self = argument;

	for (uint32_t sequence = 1;; sequence++) {
		uint64_t start = soak_now_ns(), took;
		enum mbx_status status =
		    mbx_enqueue(self->mailbox, mbx_tally_id(self->index, sequence));

		took = soak_now_ns() - start;
		if (took > self->worst_ns)
			self->worst_ns = took;
		/* Relaxed: a progress reading for the watchdog. */
		atomic_fetch_add_explicit(&self->heartbeat, 1, memory_order_relaxed);
		if (status == MBX_E_CLOSED)
			break;
		if (status == MBX_OK)
			self->accepted++;
		else if (status != MBX_E_FULL)
			self->unexpected = status;
		if (sequence % 64 == 0)
			sched_yield(); /* let the scribbler run on few cores */
		if (sequence == MBX_TALLY_MAX_SEQUENCE)
			sequence = 0;
	}
	/* R-DONE: pairs with A-DONE in hostile_epoch: worst_ns and accepted are written. */
	atomic_store_explicit(&self->done, true, memory_order_release);
	return NULL;
}

/* Random and adversarial values, mostly over flag, head and tail. */
static void *scribbler_main(void *argument)
{
	static const uint32_t adversarial[] = {
	    0, 1, 2, MBX_CAPACITY - 1, MBX_CAPACITY, 0x80000000u, UINT32_MAX - 1, UINT32_MAX};
	struct scribbler *scribbler = argument;
	uint64_t random = scribbler->seed | 1;

	/* Relaxed: a stop request. */
	while (!atomic_load_explicit(&scribbler->stop, memory_order_relaxed)) {
		uint64_t r = soak_random(&random);
		uint32_t word = (uint32_t)(r % (MBX_MAILBOX_BYTES / 4));
		uint32_t value = (r >> 32) & 1 ? (uint32_t)(r >> 33) : adversarial[(r >> 40) % 8];

		if ((r >> 48) % 4 != 0)
			word = 1 + (uint32_t)((r >> 50) % 3); /* flag, head, tail */
		else if ((r >> 56) % 8 == 0)
			word = 0; /* waiter: lie about sleeping */
		/* Relaxed: a hostile guest orders nothing. */
		atomic_store_explicit(&scribbler->words[word], value, memory_order_relaxed);
		scribbler->scribbles++;
	}
	return NULL;
}

/* One epoch; false when it could not be set up or a producer hung (result->failure). */
static bool hostile_epoch(const struct soak_config *config, enum mbx_wake_kind wake,
                          uint64_t *random, uint64_t close_at, struct soak_result *result)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	unsigned char *map =
	    mmap(NULL, 3 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	unsigned char *region;
	struct mbx_options options = {.variant = config->variant, .wake = wake};
	struct hostile_producer *producers = calloc(config->producers, sizeof(*producers));
	struct scribbler scribbler = {.seed = soak_random(random)};
	struct mbx_mailbox *mailbox;
	uint64_t offset = 4 * (soak_random(random) % ((page - MBX_MAILBOX_BYTES) / 4 + 1));
	size_t stray = 0;

	if (map == MAP_FAILED || !producers) {
		snprintf(result->failure, sizeof(result->failure), "hostile: out of memory");
		free(producers);
		return false;
	}
	region = map + page;
	memset(region, SOAK_CANARY, page);
	memset(region + offset, 0, MBX_MAILBOX_BYTES);
	if (mprotect(map, page, PROT_NONE) != 0 || mprotect(region + page, page, PROT_NONE) != 0 ||
	    mbx_mailbox_attach(&mailbox, region, page, offset, &options) != MBX_OK) {
		snprintf(result->failure, sizeof(result->failure),
		         "hostile: arena or attach failed");
		munmap(map, 3 * page);
		free(producers);
		return false;
	}
	scribbler.words = (_Atomic uint32_t *)mbx_mailbox_region(mailbox);
	atomic_init(&scribbler.stop, false);
	if (pthread_create(&scribbler.thread, NULL, scribbler_main, &scribbler) != 0)
		abort();
	for (uint32_t p = 0; p < config->producers; p++) {
		producers[p].mailbox = mailbox;
		producers[p].index = p;
		atomic_init(&producers[p].heartbeat, 0);
		atomic_init(&producers[p].done, false);
		if (pthread_create(&producers[p].thread, NULL, producer_main, &producers[p]) != 0)
			abort();
	}
	for (;;) {
		struct timespec tick = {.tv_nsec = 5000000};
		uint64_t now = soak_now_ns();

		soak_progress(result->accepted);
		if (now >= close_at)
			break;
		nanosleep(&tick, NULL);
	}
	mbx_mailbox_close(mailbox); /* with enqueues in flight */
	soak_fault_count(SOAK_FAULT_CLOSE, 1);
	for (uint32_t p = 0; p < config->producers; p++) {
		uint64_t last = UINT64_MAX, since = soak_now_ns();

		/* A-DONE: pairs with R-DONE in producer_main. */
		while (!atomic_load_explicit(&producers[p].done, memory_order_acquire)) {
			/* Relaxed: a progress reading. */
			uint64_t beat =
			    atomic_load_explicit(&producers[p].heartbeat, memory_order_relaxed);

			if (beat != last) {
				last = beat;
				since = soak_now_ns();
			} else if (soak_now_ns() - since > SOAK_HANG_NS) {
				result->hang = true;
				snprintf(result->failure, sizeof(result->failure),
				         "hostile: producer %u made no progress for 5 s (wake %s)",
				         p, mbx_wake_name(wake));
				return false; /* the caller reports and exits: nothing is freed */
			}
			sched_yield();
		}
		pthread_join(producers[p].thread, NULL);
		result->enqueues += atomic_load_explicit(
		    &producers[p].heartbeat, memory_order_relaxed); /* relaxed: joined */
		result->accepted += producers[p].accepted;
		if (producers[p].worst_ns > result->worst_enqueue_ns)
			result->worst_enqueue_ns = producers[p].worst_ns;
		if (producers[p].unexpected != MBX_OK && !result->failure[0])
			snprintf(result->failure, sizeof(result->failure),
			         "hostile: enqueue answered %s (wake %s)",
			         mbx_strerror(producers[p].unexpected), mbx_wake_name(wake));
	}
	/* Relaxed: a stop request; the join orders the count. */
	atomic_store_explicit(&scribbler.stop, true, memory_order_relaxed);
	pthread_join(scribbler.thread, NULL);
	for (size_t i = 0; i < page; i++)
		stray +=
		    (i < offset || i >= offset + MBX_MAILBOX_BYTES) && region[i] != SOAK_CANARY;
	result->stray_bytes += stray;
	soak_fault_count(SOAK_FAULT_SCRIBBLE, scribbler.scribbles);
	if (stray && !result->failure[0])
		snprintf(result->failure, sizeof(result->failure),
		         "hostile: %zu bytes outside the mailbox changed (wake %s, offset %llu)",
		         stray, mbx_wake_name(wake), (unsigned long long)offset);
	result->epochs++;
	mbx_mailbox_detach(mailbox);
	munmap(map, 3 * page);
	free(producers);
	return true;
}

int soak_run_hostile(const struct soak_config *config, const struct soak_params *params,
                     uint32_t index, uint64_t duration_ns, struct soak_timeline *timeline,
                     struct soak_result *result)
{
	uint64_t start = soak_now_ns(), end = start + duration_ns, faults[SOAK_FAULT_COUNT];
	uint64_t random = params->seed ^ (0x51ull << 32) ^ (index + 1);
	unsigned wake = (unsigned)config->wake;

	for (unsigned kind = 0; kind < SOAK_FAULT_COUNT; kind++)
		/* Relaxed: no thread of this configuration runs yet. */
		faults[kind] = atomic_load_explicit(&soak_faults[kind], memory_order_relaxed);
	for (uint64_t now = start; now < end && !result->failure[0]; now = soak_now_ns()) {
		uint32_t span = params->epoch_max_ms - params->epoch_min_ms + 1u;
		uint64_t close_at =
		    now + ((uint64_t)params->epoch_min_ms + soak_random(&random) % span) * 1000000u;

		if (!hostile_epoch(config, (enum mbx_wake_kind)wake, &random,
		                   close_at < end ? close_at : end, result))
			break;
		soak_timeline_tick(timeline, index, soak_now_ns());
		wake = (wake + 1) % MBX_WAKE_COUNT;
	}
	for (unsigned kind = 0; kind < SOAK_FAULT_COUNT; kind++)
		/* Relaxed: the threads were joined (or the run is failing on a hang). */
		result->faults[kind] =
		    atomic_load_explicit(&soak_faults[kind], memory_order_relaxed) - faults[kind];
	result->seconds = (double)(soak_now_ns() - start) / 1e9;
	return 0;
}
