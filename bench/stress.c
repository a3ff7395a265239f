/* SPDX-License-Identifier: MIT */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "stress.h"

struct stress {
	const struct mbx_stress_config *config;
	struct mbx_memory *memory;
	struct mbx_mailbox *mailbox;
	struct mbx_tally tally;
	_Atomic uint32_t producers_running;
	_Atomic uint64_t full_retries;
	_Atomic enum mbx_status failure;
};

struct producer {
	struct stress *stress;
	uint32_t index;
	uint32_t accepted; /* ids enqueue accepted, counted here; read after the join */
	pthread_t thread;
};

static uint64_t monotonic_ns(void)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (uint64_t)now.tv_sec * 1000000000u + (uint64_t)now.tv_nsec;
}

static void sleep_us(uint32_t us)
{
	struct timespec pause = {.tv_sec = us / 1000000u, .tv_nsec = (long)(us % 1000000u) * 1000};

	nanosleep(&pause, NULL);
}

/* xorshift64*: cheap per-thread randomness for the pauses. */
static uint64_t next_random(uint64_t *state)
{
	*state ^= *state >> 12;
	*state ^= *state << 25;
	*state ^= *state >> 27;
	return *state * UINT64_C(2685821657736338717);
}

/* Keeps tail - head below capacity. The region is re-read: memory may move (not freed, see config). */
static void pace(struct mbx_mailbox *mailbox, uint32_t producers)
{
	for (;;) {
		struct mbx_abi_mailbox *box = mbx_mailbox_region(mailbox); /* NULL while held */

		/* Relaxed: a throttle, not a synchronisation; sequenced does not need it. */
		if (box && atomic_load_explicit(&box->tail, memory_order_relaxed) -
		                   atomic_load_explicit(&box->head, memory_order_relaxed) <
		               MBX_CAPACITY - producers)
			return;
		sched_yield();
	}
}

static void *producer_main(void *argument)
{
	struct producer *self = argument;
	struct stress *stress = self->stress;
	const struct mbx_stress_config *config = stress->config;
	uint64_t random = config->seed * 0x9e3779b97f4a7c15u + self->index + 1, full = 0;

	for (uint32_t sequence = 1; sequence <= config->ids_per_producer; sequence++) {
		uint32_t id = mbx_tally_id(self->index, sequence);
		enum mbx_status status;

		if (config->pace)
			pace(stress->mailbox, config->producers);
		while ((status = mbx_enqueue(stress->mailbox, id)) == MBX_E_FULL) {
			full++;
			sched_yield();
		}
		if (status != MBX_OK) {
			/* Relaxed: read after the threads are joined. */
			atomic_store_explicit(&stress->failure, status, memory_order_relaxed);
			break;
		}
		self->accepted++;
		if (config->producer_pause_every &&
		    next_random(&random) % config->producer_pause_every == 0)
			sleep_us(config->producer_pause_us);
	}
	/* Relaxed: read after the threads are joined. */
	atomic_fetch_add_explicit(&stress->full_retries, full, memory_order_relaxed);
	/* Release: pairs with the guest's acquire below; all our enqueues precede it. */
	atomic_fetch_sub_explicit(&stress->producers_running, 1, memory_order_release);
	return NULL;
}

/* Consecutive empty, expired waits with work pending before the guest calls a hole wedged. */
#define STRESS_WEDGE_WAITS 10

static void guest_run(struct stress *stress, struct mbx_guest *guest,
                      struct mbx_stress_report *report)
{
	const struct mbx_stress_config *config = stress->config;
	uint64_t timeout = config->wait_timeout_ns ? config->wait_timeout_ns : MBX_GUEST_WAIT_NS;
	uint32_t stuck = 0;

	for (;;) {
		uint32_t taken = 0;
		/* Acquire: pairs with each producer's release decrement. */
		bool producing =
		    atomic_load_explicit(&stress->producers_running, memory_order_acquire) != 0;

		if (report->growths < config->grow_times &&
		    mbx_mailbox_grow_memory(stress->mailbox, stress->memory, 1, NULL) == MBX_OK) {
			report->growths++;
			report->growths_while_producing += producing;
		}
		mbx_guest_drain(guest, &taken);
		if (config->guest_pause_us)
			sleep_us(config->guest_pause_us);
		if (taken == 0 && producing) {
			/*
			 * A claim made through a stale base leaves a slot that nobody will
			 * ever publish (the stale-base hazard under "sequenced"): the
			 * corrected guest would wait at it forever while producers wait
			 * for room. After STRESS_WEDGE_WAITS expired waits with work
			 * pending and nothing taken, skip it and count the run wedged.
			 */
			if (mbx_guest_wait(guest, timeout) == MBX_E_TIMEOUT &&
			    mbx_guest_work_pending(guest) && ++stuck == STRESS_WEDGE_WAITS) {
				mbx_guest_skip_unpublished(guest);
				report->wedged++;
				stuck = 0;
			}
		} else if (taken == 0) {
			/* Every producer finished (acquired above): what is left unpublished is
			 * a hole an overwriting ring punched; its id is counted lost. */
			mbx_guest_skip_unpublished(guest);
			return;
		} else {
			stuck = 0;
		}
	}
}

enum mbx_status mbx_stress_run(const struct mbx_stress_config *config,
                               struct mbx_stress_report *report)
{
	struct mbx_options options;
	struct producer *producers;
	struct mbx_guest guest;
	struct stress stress;
	enum mbx_status status;
	uint64_t start;

	if (!config || !report || !config->variant || config->producers == 0 ||
	    config->producers > MBX_TALLY_MAX_PRODUCERS || config->ids_per_producer == 0 ||
	    config->ids_per_producer > MBX_TALLY_MAX_SEQUENCE ||
	    config->grow_times > MBX_MAX_PAGES - 1 ||
	    (config->pace && config->growth == MBX_GROWTH_MOVING))
		return MBX_E_INVALID;
	memset(&stress, 0, sizeof(stress));
	memset(report, 0, sizeof(*report));
	stress.config = config;
	status = mbx_memory_create(&stress.memory, 1, 1 + config->grow_times, config->growth);
	if (status != MBX_OK)
		return status;
	options = (struct mbx_options){
	    .variant = config->variant, .wake = config->wake, .base = config->base};
	status = mbx_mailbox_attach(&stress.mailbox, mbx_memory_base(stress.memory),
	                            mbx_memory_size(stress.memory), 0, &options);
	if (status == MBX_OK)
		status = mbx_tally_init(&stress.tally, config->producers, config->ids_per_producer);
	if (status == MBX_OK)
		status = mbx_guest_init(&guest, stress.mailbox, config->guest, mbx_tally_deliver,
		                        &stress.tally);
	producers = status == MBX_OK ? calloc(config->producers, sizeof(*producers)) : NULL;
	if (status == MBX_OK && !producers)
		status = MBX_E_NO_MEMORY;
	if (status != MBX_OK)
		goto out;
	atomic_init(&stress.producers_running, config->producers);
	atomic_init(&stress.failure, MBX_OK);
	start = monotonic_ns();
	for (uint32_t i = 0; i < config->producers; i++) {
		producers[i] = (struct producer){.stress = &stress, .index = i};
		if (pthread_create(&producers[i].thread, NULL, producer_main, &producers[i]) != 0)
			abort(); /* a harness that cannot start its threads has nothing to report */
	}
	guest_run(&stress, &guest, report);
	for (uint32_t i = 0; i < config->producers; i++) {
		pthread_join(producers[i].thread, NULL);
		report->produced += producers[i].accepted;
	}
	report->stale_words = mbx_memory_stale_words(stress.memory, 0, MBX_MAILBOX_BYTES);
	report->elapsed_ns = monotonic_ns() - start;
	/* Relaxed: the producers were joined. */
	status = atomic_load_explicit(&stress.failure, memory_order_relaxed);
	report->full_retries = atomic_load_explicit(&stress.full_retries, memory_order_relaxed);
	report->counts = mbx_tally_finish(&stress.tally, report->produced);
	report->guest = guest.counters;
	report->ids_per_second =
	    report->elapsed_ns ? (double)report->produced * 1e9 / (double)report->elapsed_ns : 0;
out:
	free(producers);
	mbx_tally_destroy(&stress.tally);
	mbx_mailbox_detach(stress.mailbox);
	mbx_memory_destroy(stress.memory);
	return status;
}
