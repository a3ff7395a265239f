/* SPDX-License-Identifier: MIT */
/*
 * The mailbox as a queue of the one runner (run.h): a simulated linear
 * memory, a mailbox attached at offset 0 and a guest that drains it into the
 * tally. mbx_stress_run drives it with the runner's own producer threads.
 *
 * Orderings: the guest's and the enqueue's are the library's own (ring/).
 * Pacing reads tail and head relaxed (a throttle, not a synchronisation).
 * Under the stale-base guard only:
 *   R-IN   a producer counts itself in_flight, then a release fence, before
 *          its claim (the tail RMW): the fence synchronizes with the guest's
 *          tail acquire in any drain that sees the claim (or a later RMW
 *          of tail), so that guest then sees in_flight >= 1
 *   R-OUT  the producer's release decrement after mbx_enqueue returned
 *   A-IN   the guest's acquire load of in_flight after such a drain; pairs
 *          with R-IN and R-OUT
 * The kick (once every producer is done): R-KICK, a release store of flag = 1
 * and of waiter = 0, pairs with the guest's flag and waiter reads, as an
 * enqueue's would; it wakes no id, only the guest's wait.
 */
#define _GNU_SOURCE
#include <linux/futex.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "stress.h"

/* Consecutive expired waits with work pending before the stale-base guard looks at a hole. */
#define STRESS_WEDGE_WAITS 10

/*
 * The producers' fields first, the consumer's from the aligned member on:
 * the consumer writes its half on every pass, and a producer that read a
 * word on the same cache line would pay a miss per enqueue (33 ns per id on
 * the 2-vCPU VM, more than the ring's own claim) that no peer pays.
 */
struct mbx_mailbox_queue {
	/* read by producers on every enqueue (written before the run): */
	struct mbx_stress_config config;
	struct mbx_memory *memory;
	struct mbx_mailbox *mailbox;
	uint64_t timeout_ns;
	bool stale_base_guard; /* atomic base under moving growth: claims can be stranded */
	/* producers inside mbx_enqueue, counted under the guard only: R-IN / A-IN */
	_Atomic uint32_t in_flight;
	/* the consumer's (the guest's thread), on their own cache lines: */
	_Alignas(64) struct mbx_guest guest;
	struct mbx_tally *tally;  /* the runner's, set by each pass */
	_Atomic uint64_t expired; /* waits that expired with work pending: any thread may read */
	/* ids handed to the tally, counted per pass: the consumer writes, any thread reads */
	_Atomic uint64_t delivered;
	/* the consumer's own, read after the run: */
	uint32_t stuck;
	uint32_t growths, growths_while_producing;
	uint64_t wedged, holes;
};

static void sleep_us(uint32_t us)
{
	struct timespec pause = {.tv_sec = us / 1000000u, .tv_nsec = (long)(us % 1000000u) * 1000};

	nanosleep(&pause, NULL);
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

static enum mbx_status queue_enqueue(void *context, uint32_t producer, uint32_t id)
{
	struct mbx_mailbox_queue *q = context;

	enum mbx_status status;

	(void)producer;
	if (q->config.pace)
		pace(q->mailbox, q->config.producers);
	if (!q->stale_base_guard)
		return mbx_enqueue(q->mailbox, id);
	/* relaxed: R-IN's fence below publishes it */
	atomic_fetch_add_explicit(&q->in_flight, 1, memory_order_relaxed);
	/* R-IN: pairs with A-IN through the guest's tail acquire */
	atomic_thread_fence(memory_order_release);
	status = mbx_enqueue(q->mailbox, id);
	/* R-OUT: the claim, if any, is stored; pairs with A-IN */
	atomic_fetch_sub_explicit(&q->in_flight, 1, memory_order_release);
	return status;
}

static uint32_t queue_consume(void *context, struct mbx_tally *tally, bool producing)
{
	struct mbx_mailbox_queue *q = context;
	uint32_t taken = 0;

	q->tally = tally;
	if (q->growths < q->config.grow_times &&
	    mbx_mailbox_grow_memory(q->mailbox, q->memory, 1, NULL) == MBX_OK) {
		q->growths++;
		q->growths_while_producing += producing;
	}
	mbx_guest_drain(&q->guest, &taken);
	if (q->config.guest_pause_us)
		sleep_us(q->config.guest_pause_us);
	if (taken) {
		q->stuck = 0;
		/* relaxed: a count for observers (paused/), ordered by nothing; only the
		 * consumer writes it, so a load and a store, not an RMW */
		atomic_store_explicit(&q->delivered,
		                      atomic_load_explicit(&q->delivered, memory_order_relaxed) +
		                          taken,
		                      memory_order_relaxed);
	}
	return taken;
}

static void queue_deliver(void *context, uint32_t task_id, bool overflowed)
{
	struct mbx_mailbox_queue *q = context;

	mbx_tally_record(q->tally, task_id, overflowed); /* counted in delivered per pass */
}

/*
 * While producers run. A producer that is merely preempted between its claim
 * and its store still publishes, so a hole is never skipped while a producer
 * is inside mbx_enqueue. Only under the stale-base guard (the atomic base
 * under moving growth) can a hole be stranded for good: a claim made through
 * a stale base whose store went to the released block, which the corrected
 * guest would wait at while producers wait for room. After STRESS_WEDGE_WAITS
 * expired waits with nothing taken, and only when no producer is inside
 * mbx_enqueue (A-IN), so that nobody can still publish it, the guard skips
 * it: counted wedged (and lost).
 */
static void queue_wait(void *context)
{
	struct mbx_mailbox_queue *q = context;

	if (mbx_guest_wait(&q->guest, q->timeout_ns) != MBX_E_TIMEOUT ||
	    !mbx_guest_work_pending(&q->guest)) {
		q->stuck = 0;
		return;
	}
	/* relaxed: a count for observers (tests), ordered by nothing */
	atomic_fetch_add_explicit(&q->expired, 1, memory_order_relaxed);
	if (!q->stale_base_guard || ++q->stuck < STRESS_WEDGE_WAITS)
		return;
	/* A-IN: pairs with R-IN and R-OUT */
	if (atomic_load_explicit(&q->in_flight, memory_order_acquire) != 0)
		return;
	q->stuck = 0;
	q->wedged += mbx_guest_skip_unpublished(&q->guest) != 0;
}

/* Every producer finished: what is left unpublished is a hole an overwriting ring punched. */
static void queue_settle(void *context)
{
	struct mbx_mailbox_queue *q = context;

	q->holes += mbx_guest_skip_unpublished(&q->guest);
}

static void futex_wake_one(_Atomic uint32_t *word, int op)
{
	syscall(SYS_futex, word, op, 1, NULL, NULL, 0);
}

/*
 * Every producer is done (or the run stalled): the guest must not sleep out
 * its bounded wait, since the run ends when it has taken everything. A
 * spurious wake-up in every policy's terms: flag = 1 and a futex wake on it
 * (shared and private), waiter = 0 and a wake on it (waiter_handoff sleeps on
 * it), and close, which wakes a notify waiter.
 */
static void queue_kick(void *context)
{
	struct mbx_mailbox_queue *q = context;
	struct mbx_abi_mailbox *box = mbx_mailbox_region(q->mailbox); /* NULL while held */

	if (box) {
		/* R-KICK: see the edges above */
		atomic_store_explicit(&box->flag, 1u, memory_order_release);
		/* R-KICK */
		atomic_store_explicit(&box->waiter, 0u, memory_order_release);
		futex_wake_one(&box->flag, FUTEX_WAKE);
		futex_wake_one(&box->flag, FUTEX_WAKE_PRIVATE);
		futex_wake_one(&box->waiter, FUTEX_WAKE);
	}
	if (q->config.wake == MBX_WAKE_NOTIFY)
		mbx_mailbox_close(q->mailbox);
}

enum mbx_status mbx_mailbox_queue_create(struct mbx_mailbox_queue **out,
                                         const struct mbx_stress_config *config)
{
	struct mbx_mailbox_queue *q;
	struct mbx_options options;
	enum mbx_status status;

	*out = NULL;
	if (!config->variant || config->grow_times > MBX_MAX_PAGES - 1 ||
	    (config->pace && config->growth == MBX_GROWTH_MOVING))
		return MBX_E_INVALID;
	q = aligned_alloc(_Alignof(struct mbx_mailbox_queue), sizeof(*q));
	if (!q)
		return MBX_E_NO_MEMORY;
	memset(q, 0, sizeof(*q));
	q->config = *config;
	atomic_init(&q->in_flight, 0);
	atomic_init(&q->expired, 0);
	atomic_init(&q->delivered, 0);
	q->timeout_ns = config->wait_timeout_ns ? config->wait_timeout_ns : MBX_GUEST_WAIT_NS;
	q->stale_base_guard = config->grow_times && config->growth != MBX_GROWTH_RESERVED &&
	                      (!config->base || strcmp(mbx_base_name(config->base), "atomic") == 0);
	options = (struct mbx_options){
	    .variant = config->variant, .wake = config->wake, .base = config->base};
	status = mbx_memory_create(&q->memory, 1, 1 + config->grow_times, config->growth);
	if (status == MBX_OK)
		status = mbx_mailbox_attach(&q->mailbox, mbx_memory_base(q->memory),
		                            mbx_memory_size(q->memory), 0, &options);
	if (status == MBX_OK)
		status = mbx_guest_init(&q->guest, q->mailbox, config->guest, queue_deliver, q);
	if (status != MBX_OK) {
		mbx_mailbox_queue_destroy(q);
		return status;
	}
	*out = q;
	return MBX_OK;
}

struct mbx_run_queue mbx_mailbox_queue_run(struct mbx_mailbox_queue *q)
{
	return (struct mbx_run_queue){.queue = q,
	                              .enqueue = queue_enqueue,
	                              .consume = queue_consume,
	                              .wait = queue_wait,
	                              .kick = queue_kick,
	                              .settle = queue_settle};
}

struct mbx_mailbox *mbx_mailbox_queue_mailbox(struct mbx_mailbox_queue *q)
{
	return q->mailbox;
}

uint64_t mbx_mailbox_queue_expired_waits(const struct mbx_mailbox_queue *q)
{
	/* relaxed: see the field */
	return atomic_load_explicit(&q->expired, memory_order_relaxed);
}

uint64_t mbx_mailbox_queue_delivered(const struct mbx_mailbox_queue *q)
{
	/* relaxed: see the field */
	return atomic_load_explicit(&q->delivered, memory_order_relaxed);
}

void mbx_mailbox_queue_report(const struct mbx_mailbox_queue *q, struct mbx_stress_report *report)
{
	report->guest = q->guest.counters;
	report->growths = q->growths;
	report->growths_while_producing = q->growths_while_producing;
	report->stale_words = mbx_memory_stale_words(q->memory, 0, MBX_MAILBOX_BYTES);
	report->wedged = q->wedged;
}

void mbx_mailbox_queue_destroy(struct mbx_mailbox_queue *q)
{
	if (!q)
		return;
	if (q->mailbox)
		mbx_mailbox_detach(q->mailbox);
	if (q->memory)
		mbx_memory_destroy(q->memory);
	free(q);
}

enum mbx_status mbx_stress_run(const struct mbx_stress_config *config,
                               struct mbx_stress_report *report)
{
	struct mbx_mailbox_queue *queue;
	struct mbx_run_report run;
	enum mbx_status status;
	uint64_t start;

	if (!config || !report || config->producers == 0 ||
	    config->producers > MBX_TALLY_MAX_PRODUCERS || config->ids_per_producer == 0 ||
	    config->ids_per_producer > MBX_TALLY_MAX_SEQUENCE)
		return MBX_E_INVALID;
	memset(report, 0, sizeof(*report));
	status = mbx_mailbox_queue_create(&queue, config);
	if (status != MBX_OK)
		return status;
	struct mbx_run_config run_config = {.queue = mbx_mailbox_queue_run(queue),
	                                    .producers = config->producers,
	                                    .ids_per_producer = config->ids_per_producer};
	struct mbx_run_pauses pauses = {.every = config->producer_pause_every,
	                                .us = config->producer_pause_us,
	                                .seed = config->seed};
	start = mbx_bench_now_ns();
	status = mbx_run_threads(&run_config, &pauses, &run);
	if (status == MBX_OK || run.done_ns) {
		report->elapsed_ns = run.done_ns - start;
		report->counts = run.counts;
		report->produced = run.accepted;
		report->full_retries = run.full_retries;
		report->ids_per_second =
		    report->elapsed_ns ? (double)report->produced * 1e9 / (double)report->elapsed_ns
		                       : 0;
		mbx_mailbox_queue_report(queue, report);
	}
	mbx_mailbox_queue_destroy(queue);
	return status;
}
