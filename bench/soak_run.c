/* SPDX-License-Identifier: MIT */
/*
 * One exactly-once configuration of the soak (docs/soak.md), as epochs, each
 * one run of the exactly-once runner (bench/run.h):
 *
 *   attach a fresh mailbox (fresh memory: reserved, or moving under an RCU
 *   base) -> the runner's consumer thread is the corrected guest: it drains,
 *   sleeps, and moves memory every move_every_ms while producers run; the
 *   soak's producers enqueue through the runner -> the host (this thread)
 *   closes at a random moment with enqueues in flight -> the producers see
 *   MBX_E_CLOSED and leave -> the consumer takes what they published -> the
 *   runner's tally: every accepted id delivered once, nothing duplicated,
 *   stale or overwritten -> detach -> the next epoch re-attaches.
 *
 * Producers pause at random between enqueues and, through the library's
 * fault point (ring/fault.h), inside an enqueue: between the claim and the
 * slot store of sequenced, between the link and the flag of wfcq. With 2x
 * and 4x as many producers as cores, the scheduler preempts them anywhere
 * else. The guest never skips a slot (the runner's settle abandons nothing).
 *
 * Delivery latency: producers stamp the enqueue time of one id in
 * SOAK_SAMPLE in a side table indexed by (producer, sequence), before the
 * first attempt; the guest reads the stamp when it takes the id.
 *
 * Quiescent close (issue 12): once close has returned, no enqueue writes guest
 * memory. The guest reads tail (only the host writes it) when it first sees
 * close returned, and the epoch fails if tail moved after that.
 *
 * Orderings (the runner's R-DONE / A-DONE and R-FIN / A-FIN: bench/run.c):
 *   R-LEFT / A-LEFT  a producer's exit (release decrement of running); pairs
 *                    with the host's acquire load: only a reason to close
 *                    early (every producer reached its quota).
 *   A producer's accepted count is written before mbx_run_producer_done
 *   (R-DONE): settle, on the consumer after A-DONE, reads it.
 *   The stamps are plain: written before the enqueue that publishes the id
 *   (R-SEQ-SLOT, or wfcq's own release), read after the guest took it
 *   (A-SEQ-SLOT), so the id's publication carries them.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fault.h"
#include "run.h"
#include "soak.h"

#define SOAK_SAMPLE 8u /* one id in 8 carries a latency stamp */
/* Per producer: more than an epoch makes (one that reaches it closes early). */
#define SOAK_IDS_PER_EPOCH (1u << 21)

struct epoch;

struct producer {
	struct epoch *epoch;
	uint32_t index;
	pthread_t thread;
	uint64_t accepted;       /* published by the runner's R-DONE */
	enum mbx_status failure; /* read after the join */
};

struct epoch {
	const struct soak_config *config;
	const struct soak_params *params;
	uint32_t index;
	struct mbx_memory *memory;
	struct mbx_mailbox *mailbox;
	struct mbx_run *run;
	struct mbx_guest guest;  /* the consumer thread's */
	struct mbx_tally *tally; /* the runner's, as the last consume saw it */
	uint64_t next_move;      /* the consumer thread's */
	uint64_t *stamps;        /* [producer][sequence / SOAK_SAMPLE] */
	size_t stamps_per_producer;
	uint64_t origin_ns;
	uint64_t close_at;           /* set before the run starts */
	_Atomic bool close_returned; /* R-RETURNED / A-RETURNED */
	bool tail_seen;              /* the consumer's: tail_at_close is set */
	uint32_t tail_at_close;
	struct producer producers[MBX_TALLY_MAX_PRODUCERS];
	_Atomic uint32_t running;
	struct soak_result *result;
	struct soak_timeline *timeline;
};

/* The fault point's hook: armed per producer thread. */
static _Thread_local uint64_t hook_random;
static _Thread_local uint32_t hook_every, hook_max_us;

static void fault_hook(enum mbx__fault_point point)
{
	(void)point;
	if (hook_every && soak_random(&hook_random) % hook_every == 0) {
		soak_fault_count(SOAK_FAULT_PAUSE_IN_ENQUEUE, 1);
		soak_pause(&hook_random, hook_max_us);
	}
}

static void *producer_main(void *argument)
{
	struct producer *self = argument;
	struct epoch *epoch = self->epoch;
	const struct soak_params *params = epoch->params;
	uint64_t random =
	    params->seed ^ (epoch->origin_ns * 0x9e3779b97f4a7c15u) ^ (self->index + 1);
	uint64_t *stamps = epoch->stamps + self->index * epoch->stamps_per_producer;

	hook_random = random ^ 0xa5a5a5a5u;
	hook_every = params->pause_every;
	hook_max_us = params->pause_max_us;
	for (uint32_t sequence = 1; sequence <= SOAK_IDS_PER_EPOCH; sequence++) {
		uint32_t id = mbx_tally_id(self->index, sequence);
		enum mbx_status status;

		if (sequence % SOAK_SAMPLE == 0)
			stamps[sequence / SOAK_SAMPLE] = soak_now_ns(); /* plain: see the header */
		status = mbx_run_enqueue(epoch->run, self->index, id);  /* retries MBX_E_FULL */
		if (status != MBX_OK) {
			if (status != MBX_E_CLOSED) /* closed: the epoch's normal end */
				self->failure = status;
			break;
		}
		self->accepted++;
		if (params->pause_every && soak_random(&random) % params->pause_every == 0) {
			soak_fault_count(SOAK_FAULT_PAUSE_BETWEEN, 1);
			soak_pause(&random, params->pause_max_us);
		}
	}
	hook_every = 0;
	/* R-LEFT: pairs with A-LEFT in run_epoch. */
	atomic_fetch_sub_explicit(&epoch->running, 1, memory_order_release);
	mbx_run_producer_done(epoch->run, self->accepted);
	mbx_run_await(epoch->run, NULL);
	return NULL;
}

static void note_bad(struct soak_result *result, uint32_t id)
{
	if (result->bad_count < SOAK_BAD_IDS)
		result->bad_ids[result->bad_count] = id;
	result->bad_count++;
}

/* The guest's deliver: the runner's tally, the bad ids, and the latency of
 * sampled ids. */
static void deliver(void *context, uint32_t id, bool overflowed)
{
	struct epoch *epoch = context;
	uint64_t delivered = epoch->tally->counts.delivered;
	uint32_t producer = id >> MBX_TALLY_SEQUENCE_BITS, sequence = id & MBX_TALLY_MAX_SEQUENCE;

	mbx_tally_record(epoch->tally, id, overflowed);
	if (epoch->tally->counts.delivered == delivered) {
		note_bad(epoch->result, id); /* duplicated or stale */
		return;
	}
	epoch->timeline->window_ids++;
	if (sequence % SOAK_SAMPLE == 0) {
		uint64_t stamp =
		    epoch->stamps[producer * epoch->stamps_per_producer + sequence / SOAK_SAMPLE];
		uint64_t now = soak_now_ns(); /* per sample: a wfcq pass can run long */
		uint64_t latency = now > stamp ? now - stamp : 0;

		soak_latency_add(&epoch->result->latency, latency);
		soak_latency_add(&epoch->timeline->window, latency);
	}
}

/* The runner's enqueue: the mailbox's, ids as the runner's producers made them.
 */
static enum mbx_status soak_enqueue(void *queue, uint32_t producer, uint32_t id)
{
	struct epoch *epoch = queue;

	(void)producer;
	return mbx_enqueue(epoch->mailbox, id);
}

/* The runner's consume: one drain pass by the guest, then a move when one is
 * due. */
static uint32_t consume(void *queue, struct mbx_tally *tally, bool producing)
{
	struct epoch *epoch = queue;
	uint64_t now = soak_now_ns();
	uint32_t taken = 0;

	epoch->tally = tally;
	mbx_guest_drain(&epoch->guest, &taken);
	/* A-RETURNED: pairs with R-RETURNED in close_in_flight. */
	if (!epoch->tail_seen &&
	    atomic_load_explicit(&epoch->close_returned, memory_order_acquire)) {
		/* Relaxed: every enqueue that claimed before close returned happens before
     * it (close's quiescence), so this sees the last claim; no move runs now
     * (this thread is the grower). */
		epoch->tail_at_close = atomic_load_explicit(
		    &mbx_mailbox_region(epoch->mailbox)->tail, memory_order_relaxed);
		epoch->tail_seen = true;
	}
	soak_timeline_tick(epoch->timeline, epoch->index, now);
	if (epoch->config->moves && producing && now >= epoch->next_move &&
	    !mbx_mailbox_is_closed(epoch->mailbox)) {
		if (mbx_mailbox_grow_memory(epoch->mailbox, epoch->memory, 1, NULL) == MBX_OK)
			soak_fault_count(SOAK_FAULT_MOVE, 1);
		epoch->next_move =
		    soak_now_ns() + (uint64_t)epoch->params->move_every_ms * 1000000u;
	}
	soak_progress(epoch->result->counts.delivered + tally->counts.delivered);
	return taken;
}

/*
 * The guest's bounded wait, cut at the epoch's close: nothing wakes a guest
 * asleep when the host closes (close wakes only a notify waiter), so a full
 * wait there would stretch every epoch by up to the timeout.
 */
static uint64_t wait_bound(const struct epoch *epoch)
{
	uint64_t timeout = (uint64_t)epoch->params->wait_timeout_ms * 1000000u;
	uint64_t now = soak_now_ns(), until_close = epoch->close_at + 2000000u - now;

	return epoch->close_at + 2000000u > now && until_close < timeout ? until_close : timeout;
}

/* The runner's wait, after a pass that took nothing while producers run. */
static void guest_wait(void *queue)
{
	struct epoch *epoch = queue;

	if (mbx_mailbox_is_closed(epoch->mailbox))
		sched_yield(); /* closed: the producers are leaving; poll until they have */
	else
		mbx_guest_wait(&epoch->guest, wait_bound(epoch));
}

/*
 * The runner's settle: every producer is done and a pass took nothing. It
 * abandons nothing; it names the first accepted ids never delivered
 * (producer p accepted sequences 1..accepted, in order) while the tally
 * still exists.
 */
static void settle(void *queue)
{
	struct epoch *epoch = queue;
	const struct mbx_tally *tally = epoch->tally;

	for (uint32_t p = 0; tally && p < epoch->config->producers; p++) {
		for (uint64_t s = 1; s <= epoch->producers[p].accepted; s++) {
			size_t bit = (size_t)p * ((size_t)tally->ids_per_producer + 1) + s;

			if (!(tally->seen[bit / 64] & (UINT64_C(1) << (bit % 64)))) {
				note_bad(epoch->result, mbx_tally_id(p, (uint32_t)s));
				if (epoch->result->bad_count >= SOAK_BAD_IDS)
					return;
			}
		}
	}
}

/* The host's side: closes at close_at, or once every producer reached its
 * quota. */
static void close_in_flight(struct epoch *epoch, uint64_t close_at)
{
	struct timespec tick = {.tv_nsec = 1000000};

	/* A-LEFT: pairs with R-LEFT in producer_main. */
	while (soak_now_ns() < close_at &&
	       atomic_load_explicit(&epoch->running, memory_order_acquire) != 0)
		nanosleep(&tick, NULL);
	mbx_mailbox_close(epoch->mailbox); /* producers are mid-enqueue right now */
	soak_fault_count(SOAK_FAULT_CLOSE, 1);
	/* R-RETURNED: pairs with A-RETURNED in consume: close has returned. */
	atomic_store_explicit(&epoch->close_returned, true, memory_order_release);
}

/* One epoch; false when it could not be set up (result->failure says why). */
static bool run_epoch(struct epoch *epoch, uint64_t close_at)
{
	const struct soak_config *config = epoch->config;
	struct soak_result *result = epoch->result;
	struct mbx_options options = {
	    .variant = config->variant, .wake = config->wake, .base = config->base};
	struct mbx_run_config run = {
	    .queue = {.queue = epoch,
	              .enqueue = soak_enqueue,
	              .consume = consume,
	              .wait = guest_wait,
	              .settle = settle},
	    .producers = config->producers,
	    .ids_per_producer = SOAK_IDS_PER_EPOCH,
	};
	struct mbx_run_report report;
	enum mbx_status status;

	status = mbx_memory_create(&epoch->memory, 1, config->moves ? epoch->params->max_pages : 1,
	                           config->moves ? MBX_GROWTH_MOVING : MBX_GROWTH_RESERVED);
	if (status == MBX_OK) {
		status = mbx_mailbox_attach(&epoch->mailbox, mbx_memory_base(epoch->memory),
		                            mbx_memory_size(epoch->memory), 0, &options);
		if (status != MBX_OK)
			mbx_memory_destroy(epoch->memory);
	}
	if (status != MBX_OK) {
		snprintf(result->failure, sizeof(result->failure), "attach: %s",
		         mbx_strerror(status));
		return false;
	}
	mbx_guest_init(&epoch->guest, epoch->mailbox, MBX_GUEST_CORRECTED, deliver, epoch);
	epoch->tally = NULL;
	epoch->origin_ns = soak_now_ns();
	epoch->close_at = close_at;
	/* Relaxed: before the run starts (pthread_create orders it). */
	atomic_store_explicit(&epoch->close_returned, false, memory_order_relaxed);
	epoch->tail_seen = false;
	epoch->next_move = epoch->origin_ns + (uint64_t)epoch->params->move_every_ms * 1000000u;
	/* Relaxed: before the threads start (pthread_create orders it). */
	atomic_store_explicit(&epoch->running, config->producers, memory_order_relaxed);
	epoch->run = mbx_run_start(&run);
	if (!epoch->run)
		abort(); /* a soak that cannot start its threads has nothing to report */
	for (uint32_t p = 0; p < config->producers; p++) {
		epoch->producers[p] = (struct producer){.epoch = epoch, .index = p};
		if (pthread_create(&epoch->producers[p].thread, NULL, producer_main,
		                   &epoch->producers[p]) != 0)
			abort();
	}
	close_in_flight(epoch, close_at);
	for (uint32_t p = 0; p < config->producers; p++) {
		pthread_join(epoch->producers[p].thread, NULL);
		if (epoch->producers[p].failure != MBX_OK && !result->failure[0])
			snprintf(result->failure, sizeof(result->failure),
			         "producer %u: enqueue answered %s", p,
			         mbx_strerror(epoch->producers[p].failure));
	}
	mbx_run_finish(epoch->run, &report);
	if (report.stalled && !result->failure[0])
		snprintf(result->failure, sizeof(result->failure),
		         "the guest made no progress for %.0f s with producers waiting",
		         MBX_RUN_STALL_NS / 1e9);
	if (!mbx_variant_host_structure(config->variant) && epoch->tail_seen &&
	    /* Relaxed: the producers and the consumer were joined. */
	    atomic_load_explicit(&mbx_mailbox_region(epoch->mailbox)->tail, memory_order_relaxed) !=
	        epoch->tail_at_close &&
	    !result->failure[0])
		snprintf(result->failure, sizeof(result->failure),
		         "an enqueue claimed a slot after close returned (tail %u then)",
		         epoch->tail_at_close);
	result->accepted += report.accepted;
	result->full_retries += report.full_retries;
	result->counts.delivered += report.counts.delivered;
	result->counts.duplicated += report.counts.duplicated;
	result->counts.stale += report.counts.stale;
	result->counts.lost += report.counts.lost;
	result->overwritten += epoch->guest.counters.overwritten;
	soak_guest_counters_add(&result->guest, &epoch->guest.counters);
	result->epochs++;
	mbx_mailbox_detach(epoch->mailbox);
	mbx_memory_destroy(epoch->memory);
	return true;
}

int soak_run_exactly_once(const struct soak_config *config, const struct soak_params *params,
                          uint32_t index, uint64_t duration_ns, struct soak_timeline *timeline,
                          struct soak_result *result)
{
	struct epoch *epoch = calloc(1, sizeof(*epoch));
	uint64_t start = soak_now_ns(), end = start + duration_ns, faults[SOAK_FAULT_COUNT];
	uint64_t random = params->seed + index + 1;

	if (!epoch)
		return -1;
	epoch->config = config;
	epoch->params = params;
	epoch->index = index;
	epoch->result = result;
	epoch->timeline = timeline;
	epoch->stamps_per_producer = SOAK_IDS_PER_EPOCH / SOAK_SAMPLE + 1;
	epoch->stamps = calloc(config->producers * epoch->stamps_per_producer, sizeof(uint64_t));
	if (!epoch->stamps) {
		free(epoch);
		return -1;
	}
	for (unsigned kind = 0; kind < SOAK_FAULT_COUNT; kind++)
		/* Relaxed: no producer of this configuration runs yet. */
		faults[kind] = atomic_load_explicit(&soak_faults[kind], memory_order_relaxed);
	/* Relaxed: installed before the producers start (thread creation orders it).
   */
	atomic_store_explicit(&mbx__fault_hook, fault_hook, memory_order_relaxed);
	for (uint64_t now = start; now < end; now = soak_now_ns()) {
		uint32_t span = params->epoch_max_ms - params->epoch_min_ms + 1u;
		uint64_t close_at =
		    now + ((uint64_t)params->epoch_min_ms + soak_random(&random) % span) * 1000000u;

		if (!run_epoch(epoch, close_at < end ? close_at : end))
			break;
		if (result->counts.lost || result->counts.duplicated || result->counts.stale ||
		    result->overwritten || result->failure[0])
			break; /* the configuration broke its promise: report it as it is */
	}
	/* Relaxed: every producer was joined. */
	atomic_store_explicit(&mbx__fault_hook, NULL, memory_order_relaxed);
	for (unsigned kind = 0; kind < SOAK_FAULT_COUNT; kind++)
		/* Relaxed: the producers were joined. */
		result->faults[kind] =
		    atomic_load_explicit(&soak_faults[kind], memory_order_relaxed) - faults[kind];
	result->seconds = (double)(soak_now_ns() - start) / 1e9;
	if (!result->failure[0] && (result->counts.lost || result->counts.duplicated ||
	                            result->counts.stale || result->overwritten))
		snprintf(result->failure, sizeof(result->failure),
		         "lost %llu, duplicated %llu, stale %llu, overwritten %llu",
		         (unsigned long long)result->counts.lost,
		         (unsigned long long)result->counts.duplicated,
		         (unsigned long long)result->counts.stale,
		         (unsigned long long)result->overwritten);
	free(epoch->stamps);
	free(epoch);
	return 0;
}
