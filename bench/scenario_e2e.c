/* SPDX-License-Identifier: MIT */
/*
 * e2e/<variant>/<wake>: N producer benchmark threads enqueue into one mailbox
 * while one guest pthread drains (corrected guest for non-overwriting
 * variants, the reference guest otherwise) and sleeps with a bounded 10 ms
 * mbx_guest_wait when nothing is pending. Every invocation of the body gets a
 * fresh memory, mailbox and tally, so ids are unique per invocation.
 *
 * Handover: thread 0 builds the run and starts the guest before its first
 * mbx_bench_keep_running; google-benchmark's start barrier (a mutex) orders
 * that before the other threads read case->run, and its stop barrier orders
 * every producer's last enqueue before thread 0 stops the guest.
 */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

#include <mbx/guest.h>
#include <mbx/mailbox.h>
#include <mbx/tally.h>

#include "scenarios.h"

#define E2E_WAIT_NS 10000000u /* the guest's bounded wait: 10 ms */

struct e2e_run {
	struct mbx_memory *memory;
	struct mbx_mailbox *mailbox;
	struct mbx_tally tally;
	struct mbx_guest guest;
	pthread_t thread;
	int threads;
	_Atomic bool stop;
};

struct e2e_case {
	const struct mbx_variant *variant;
	enum mbx_wake_kind wake;
	struct e2e_run *run; /* plain: ordered by the benchmark's start/stop barriers */
	char name[96];
};

static struct e2e_case *e2e_cases;

static void *e2e_guest_main(void *argument)
{
	struct e2e_run *run = argument;

	mbx_bench_bind_guest(run->threads);
	for (;;) {
		uint32_t taken = 0;
		/* acquire: pairs with thread 0's release store of stop after the stop barrier */
		bool stopping = atomic_load_explicit(&run->stop, memory_order_acquire);

		mbx_guest_drain(&run->guest, &taken);
		if (stopping && taken == 0 && !mbx_guest_work_pending(&run->guest))
			return NULL;
		if (taken == 0 && !stopping)
			mbx_guest_wait(&run->guest, E2E_WAIT_NS);
		else if (taken == 0)
			sched_yield(); /* a claimed slot is about to be published */
	}
}

static void e2e_run_free(struct e2e_run *run)
{
	if (!run)
		return;
	mbx_tally_destroy(&run->tally);
	if (run->mailbox)
		mbx_mailbox_detach(run->mailbox);
	if (run->memory)
		mbx_memory_destroy(run->memory);
	free(run);
}

static struct e2e_run *e2e_run_start(const struct e2e_case *c, int threads, int64_t ids)
{
	struct e2e_run *run = calloc(1, sizeof(*run));
	struct mbx_options o = {.variant = c->variant, .wake = c->wake};
	enum mbx_guest_kind kind =
	    mbx_variant_overwrites(c->variant) ? MBX_GUEST_REFERENCE : MBX_GUEST_CORRECTED;

	if (!run)
		return NULL;
	run->threads = threads;
	atomic_init(&run->stop, false);
	if (mbx_memory_create(&run->memory, 1, 1, MBX_GROWTH_RESERVED) != MBX_OK ||
	    mbx_mailbox_attach(&run->mailbox, mbx_memory_base(run->memory),
	                       mbx_memory_size(run->memory), 0, &o) != MBX_OK ||
	    mbx_tally_init(&run->tally, (uint32_t)threads, (uint32_t)ids) != MBX_OK ||
	    mbx_guest_init(&run->guest, run->mailbox, kind, mbx_tally_deliver, &run->tally) !=
	        MBX_OK ||
	    pthread_create(&run->thread, NULL, e2e_guest_main, run) != 0) {
		e2e_run_free(run);
		return NULL;
	}
	return run;
}

static void bench_e2e(struct mbx_bench_state *state, void *arg)
{
	struct e2e_case *c = arg;
	int index = mbx_bench_thread_index(state), threads = mbx_bench_threads_count(state);
	int64_t ids = mbx_bench_max_iterations(state), n = 0, full = 0;
	uint32_t producer = (uint32_t)index, seq = 0;
	struct e2e_run *run = NULL;

	mbx_bench_bind_self(state);
	if (index == 0) {
		c->run =
		    ids <= (int64_t)MBX_TALLY_MAX_SEQUENCE ? e2e_run_start(c, threads, ids) : NULL;
		if (!c->run)
			mbx_bench_skip_with_error(state, "e2e setup failed (or too many ids)");
	}
	while (mbx_bench_keep_running(state)) {
		if (!run && !(run = mbx_bench_handover(state, c->run, "e2e setup failed")))
			break;
		uint32_t id = mbx_tally_id(producer, ++seq);
		enum mbx_status s;
		while ((s = mbx_enqueue(run->mailbox, id)) == MBX_E_FULL) {
			full++;
			sched_yield();
		}
		if (s != MBX_OK) {
			mbx_bench_skip_with_error(state, "mbx_enqueue failed");
			break;
		}
		n++;
	}
	mbx_bench_set_items_processed(state, n);
	mbx_bench_counter(state, "full", (double)full);
	if (index != 0 || !c->run)
		return;
	/* past the stop barrier: every producer's enqueues are done */
	run = c->run;
	/* release: pairs with the guest's acquire load; it drains what is left, then exits */
	atomic_store_explicit(&run->stop, true, memory_order_release);
	pthread_join(run->thread, NULL);
	struct mbx_tally_counts k =
	    mbx_tally_finish(&run->tally, (uint64_t)threads * (uint64_t)ids);
	mbx_bench_counter(state, "delivered", (double)k.delivered);
	mbx_bench_counter(state, "duplicated", (double)k.duplicated);
	mbx_bench_counter(state, "stale", (double)k.stale);
	mbx_bench_counter(state, "lost", (double)k.lost);
	mbx_bench_counter(state, "lost_wakeups", (double)run->guest.counters.lost_wakeups);
	if (!mbx_variant_overwrites(c->variant) && k.duplicated + k.stale + k.lost != 0)
		mbx_bench_skip_with_error(state, "counts disagree");
	e2e_run_free(run);
	c->run = NULL;
}

int mbx_scenario_e2e_register(int max_threads)
{
	size_t count = mbx_variant_count() * mbx_wake_count();

	if (max_threads > (int)MBX_TALLY_MAX_PRODUCERS)
		max_threads = (int)MBX_TALLY_MAX_PRODUCERS; /* the id encoding's limit */
	e2e_cases = calloc(count, sizeof(*e2e_cases));
	if (!e2e_cases)
		return -1;
	for (size_t v = 0; v < mbx_variant_count(); v++) {
		for (size_t w = 0; w < mbx_wake_count(); w++) {
			struct e2e_case *c = &e2e_cases[v * mbx_wake_count() + w];
			c->variant = mbx_variant_at(v);
			c->wake = (enum mbx_wake_kind)w;
			snprintf(c->name, sizeof c->name, "e2e/%s/%s", mbx_variant_name(c->variant),
			         mbx_wake_name((enum mbx_wake_kind)w));
			struct mbx_bench *b = mbx_bench_register(c->name, bench_e2e, c);
			if (!b)
				return -1;
			mbx_bench_thread_range(b, 1, max_threads);
			mbx_bench_use_real_time(b);
		}
	}
	return 0;
}
