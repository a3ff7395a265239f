/* SPDX-License-Identifier: MIT */
/*
 * mbx-bench: floor and enqueue scenarios, registered from the variant and wake
 * tables (no per-variant code). Names: <scenario>/<variant>/<wake>[/awake|asleep].
 * e2e and wake_latency live in scenario_e2e.c and scenario_wake_latency.c.
 *
 * Orderings here: the floor body mirrors the reference enqueue's atomic work
 * (fetch_add acq_rel + relaxed store); the bench does no cross-thread
 * publication of its own, so its other accesses are relaxed. floor/consumer
 * adds a consumer thread that reads the line as the guest does: tail
 * (acquire, pairs with the producers' acq_rel RMW, as the guest's A-TAIL),
 * the slots up to it (relaxed, the reference guest's order) and a head store
 * (release, as the guest's), so the line moves between producers and a
 * consumer as in e2e.
 *
 * The floors are registered here, in one place: floor (producers only) and
 * floor/consumer (producers and a consumer on its own core: e2e's shape).
 * scripts/mbxresults.py (FLOORS) says which rows each divides.
 */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <mbx/guest.h>
#include <mbx/mailbox.h>

#include "harness.h"
#include "mailbox_internal.h" /* mbx__enqueue_unquiesced, for enqueue_unquiesced/ */
#include "scenarios.h"

#define MBX_BENCH_MAX_CASES 256

/* One producer-only case: a mailbox in its own simulated memory. */
struct enqueue_case {
	struct mbx_memory *memory;
	struct mbx_mailbox *mailbox;
	const struct mbx_variant *variant;
	bool asleep;
	bool unquiesced; /* enqueue_unquiesced/: without close's in-flight marker */
	bool
	    qsbr; /* enqueue_qsbr/: an online QSBR producer, reporting every MBX_BENCH_QSBR_REPORT_EVERY */
	/* A variant with a host-side structure (wfcq) grows without a guest: drained, timed. */
	struct mbx_guest drainer;
	pthread_mutex_t drain_lock; /* one drainer at a time (the structure's single consumer) */
	struct mbx_bench_wall wall;
	char name[96];
};

static struct enqueue_case cases[MBX_BENCH_MAX_CASES];
static size_t case_count;

/*
 * The variants whose 1-producer rows are also run without close's in-flight
 * marker (enqueue_unquiesced/, every wake policy), so that the marker's cost
 * is a number beside each (issue 12): the reference, the corrected ring of
 * the seed ABI and the configuration mbx recommends (scripts/headline.py's
 * RECOMMENDED_VARIANT). A name the table lacks fails the start. The same
 * rows run on an online QSBR producer too (enqueue_qsbr/, mbx_thread_online):
 * no marker, a quiescent report every MBX_BENCH_QSBR_REPORT_EVERY ids, timed.
 */
static const char *const unquiesced_variants[] = {"seed", "sequenced", "announced"};

/* Whether variant is one of unquiesced_variants; -1 when one of them is not in the table. */
static int measures_unquiesced(const struct mbx_variant *variant)
{
	for (size_t i = 0; i < sizeof unquiesced_variants / sizeof unquiesced_variants[0]; i++) {
		const struct mbx_variant *listed;

		if (mbx_variant_find(unquiesced_variants[i], &listed) != MBX_OK) {
			fprintf(stderr, "mbx-bench: no variant %s\n", unquiesced_variants[i]);
			return -1;
		}
		if (listed == variant)
			return 1;
	}
	return 0;
}

struct floor_case {
	_Alignas(64) _Atomic uint32_t head; /* the consumer's, as the guest's */
	_Alignas(64) _Atomic uint32_t tail;
	_Atomic uint32_t ring[MBX_CAPACITY];
	bool consumer;
	/* floor/consumer: thread 0's, handed over by the barriers */
	pthread_t thread;
	bool started; /* the consumer runs */
	int producers;
	_Atomic bool stop; /* relaxed: a request; the join publishes the rest */
	int cpu[2];        /* the consumer's, read after the join */
	bool bind_failed;  /* likewise */
	uint32_t sink;     /* likewise: keeps the slot loads */
	struct mbx_bench_wall wall;
};

static struct floor_case floors[2] = {{.consumer = false}, {.consumer = true}};

static void *floor_consumer_main(void *argument)
{
	struct floor_case *f = argument;
	uint32_t head = 0, sum = 0;

	f->bind_failed = mbx_bench_bind_helper(f->producers) != 0;
	f->cpu[0] = sched_getcpu();
	/* relaxed: a stop request */
	while (!atomic_load_explicit(&f->stop, memory_order_relaxed)) {
		/* acquire: as the guest's tail load; pairs with the producers' RMW */
		uint32_t tail = atomic_load_explicit(&f->tail, memory_order_acquire);

		if (tail - head > MBX_CAPACITY)
			head = tail - MBX_CAPACITY; /* overwritten: the floor does not wait */
		for (; head != tail; head++)
			/* relaxed: the reference guest's slot order */
			sum += atomic_load_explicit(&f->ring[head % MBX_CAPACITY],
			                            memory_order_relaxed);
		/* release: as the guest's head store; pairs with nothing here (no producer reads head) */
		atomic_store_explicit(&f->head, head, memory_order_release);
	}
	f->sink = sum;
	f->cpu[1] = sched_getcpu();
	return NULL;
}

static void bench_floor(struct mbx_bench_state *state, void *arg)
{
	struct floor_case *f = arg;
	int index = mbx_bench_thread_index(state), threads = mbx_bench_threads_count(state);
	uint64_t n = 0;

	mbx_bench_bind_self(state, f->consumer);
	if (index == 0) {
		mbx_bench_wall_reset(&f->wall, threads, f->consumer);
		f->producers = threads;
		/* relaxed: read after the start barrier */
		atomic_store_explicit(&f->stop, false, memory_order_relaxed);
		f->started =
		    f->consumer && pthread_create(&f->thread, NULL, floor_consumer_main, f) == 0;
	}
	while (mbx_bench_keep_running(state)) {
		if (f->consumer && !mbx_bench_handover(state, f->started ? f : NULL,
		                                       "floor consumer failed to start"))
			break;
		mbx_bench_wall_start(&f->wall);
		while (mbx_bench_wall_running(&f->wall, n)) {
			/* acq_rel: the reference's tail RMW, contended like the real tail; pairs with the
			 * floor consumer's tail acquire */
			uint32_t t = atomic_fetch_add_explicit(&f->tail, 1, memory_order_acq_rel);
			/* relaxed: the reference's slot store order */
			atomic_store_explicit(&f->ring[t % MBX_CAPACITY], t | 1u,
			                      memory_order_relaxed);
			n++;
		}
		mbx_bench_wall_end(state, &f->wall, 0);
	}
	mbx_bench_set_items_processed(state, (int64_t)n);
	if (index != 0 || !f->started)
		return;
	/* past the end barrier (or the setup failed and nobody ran) */
	/* relaxed: a stop request; the join orders the consumer's writes */
	atomic_store_explicit(&f->stop, true, memory_order_relaxed);
	pthread_join(f->thread, NULL);
	mbx_bench_wall_helper(state, &f->wall, f->cpu, f->bind_failed);
}

static void discard_id(void *context, uint32_t task_id, bool overflowed)
{
	(void)context;
	(void)task_id;
	(void)overflowed;
}

#define DRAIN_EVERY 256 /* ids a producer enqueues between drains of a host-side structure */

/*
 * Frees what a structure variant (wfcq) queued: inside the timed run, by the
 * producer that reached DRAIN_EVERY (a busy drainer leaves it to the thread
 * already draining), so the drain is part of the row. After the run, wait
 * for the lock: nothing may stay.
 */
static void drain_structure(struct enqueue_case *c, bool running)
{
	if (running && pthread_mutex_trylock(&c->drain_lock) != 0)
		return;
	if (!running)
		pthread_mutex_lock(&c->drain_lock);
	mbx_guest_drain(&c->drainer, NULL);
	pthread_mutex_unlock(&c->drain_lock);
}

/* One enqueue/ id: dispatched (or without close's marker); a structure is drained every so often. */
static enum mbx_status enqueue_one(void *context, uint32_t id, uint64_t n)
{
	struct enqueue_case *c = context;
	enum mbx_status s =
	    c->unquiesced ? mbx__enqueue_unquiesced(c->mailbox, id) : mbx_enqueue(c->mailbox, id);

	if (s == MBX_OK && (n + 1) % DRAIN_EVERY == 0 && mbx_variant_host_structure(c->variant))
		drain_structure(c, true);
	return s;
}

/*
 * One enqueue_qsbr/ id: mbx_enqueue on an online thread, after a quiescent
 * report every MBX_BENCH_QSBR_REPORT_EVERY ids (between two calls, as an event loop
 * reports between batches). The report comes first so that mbx_enqueue's
 * status is returned as is: nothing lives across the calls (a spill would be
 * a store per id that the other rows do not make). Only ring variants have
 * these rows (no host-side structure to drain).
 */
static enum mbx_status enqueue_one_qsbr(void *context, uint32_t id, uint64_t n)
{
	struct enqueue_case *c = context;

	if (!mbx_bench_qsbr_report(n))
		return MBX_E_INVALID;
	return mbx_enqueue(c->mailbox, id);
}

static void bench_enqueue(struct mbx_bench_state *state, void *arg)
{
	struct enqueue_case *c = arg;

	if (c->qsbr) {
		mbx_bench_qsbr_enqueue_loop(state, &c->wall, mbx_mailbox_region(c->mailbox),
		                            enqueue_one_qsbr, c,
		                            "mbx_enqueue or mbx_thread_quiescent failed");
		return;
	}
	mbx_bench_enqueue_loop(state, &c->wall, mbx_mailbox_region(c->mailbox), c->asleep,
	                       enqueue_one, c, "mbx_enqueue failed");
	if (mbx_variant_host_structure(c->variant))
		drain_structure(c, false);
}

static void add_context(void)
{
	char buf[512];
	struct utsname u;
	if (uname(&u) == 0) {
		snprintf(buf, sizeof buf, "%s %s %s", u.sysname, u.release, u.machine);
		mbx_bench_add_context("kernel", buf);
	}
	snprintf(buf, sizeof buf, "%ld", sysconf(_SC_NPROCESSORS_ONLN));
	mbx_bench_add_context("mbx_online_cpus", buf);
#ifdef MBX_BENCH_COMPILER
	mbx_bench_add_context("mbx_compiler", MBX_BENCH_COMPILER);
#endif
#ifdef MBX_BENCH_FLAGS
	mbx_bench_add_context("mbx_flags", MBX_BENCH_FLAGS);
#endif
	mbx_bench_harness_context();
	buf[0] = 0;
	for (size_t i = 0; i < mbx_variant_count(); i++) {
		const struct mbx_variant *v = mbx_variant_at(i);
		size_t len = strlen(buf);
		snprintf(buf + len, sizeof buf - len, "%s%s(tail=%s,slot=%s,flag=%s)", i ? ";" : "",
		         mbx_variant_name(v), mbx_variant_tail_order(v), mbx_variant_slot_order(v),
		         mbx_variant_flag_order(v));
	}
	mbx_bench_add_context("mbx_variants", buf);
	buf[0] = 0;
	for (size_t i = 0; i < mbx_base_count(); i++) {
		size_t len = strlen(buf);
		snprintf(buf + len, sizeof buf - len, "%s%s", i ? "," : "",
		         mbx_base_name(mbx_base_at(i)));
	}
	mbx_bench_add_context("mbx_bases", buf);
}

int main(int argc, char **argv)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	int max_threads = cpus > 0 ? (int)(2 * cpus) : 2;
	const char *env = getenv("MBX_BENCH_MAX_THREADS");
	if (env && atoi(env) > 0)
		max_threads = atoi(env);

	if (mbx_bench_harness_init() != 0)
		return 1;
#ifdef MBX_FAULT_INJECTION
	/* mbx-bench-paused: the fault points would weigh on every other row */
	if (mbx_scenario_paused_register() != 0) {
		fprintf(stderr, "mbx-bench: cannot register paused/\n");
		return 1;
	}
	add_context();
	return mbx_bench_run_main(argc, argv);
#endif
	struct mbx_bench *b = mbx_bench_register_run("floor", bench_floor, &floors[0], max_threads);
	if (b)
		b = mbx_bench_register_run("floor/consumer", bench_floor, &floors[1], max_threads);

	for (size_t v = 0; v < mbx_variant_count(); v++) {
		int with_unquiesced = measures_unquiesced(mbx_variant_at(v));

		if (with_unquiesced < 0)
			return 1;
		for (size_t w = 0; w < mbx_wake_count(); w++) {
			/*
			 * 0 awake, 1 asleep; 1 producer, awake: 2 without close's in-flight
			 * marker, 3 an online QSBR producer
			 */
			for (int row = 0; row <= 3; row++) {
				bool asleep = row == 1, unquiesced = row == 2, qsbr = row == 3;

				if (case_count == MBX_BENCH_MAX_CASES)
					break;
				if ((unquiesced || qsbr) && !with_unquiesced)
					continue;
				if (qsbr && mbx_variant_host_structure(mbx_variant_at(v)))
					continue; /* enqueue_one_qsbr drains nothing */
				/* asleep only where the wake policy reads the waiter word: elsewhere
				 * it would repeat the awake row */
				if (asleep && !mbx_bench_wake_reads_waiter((enum mbx_wake_kind)w))
					continue;
				struct enqueue_case *c = &cases[case_count];
				struct mbx_options o = {.variant = mbx_variant_at(v),
				                        .wake = (enum mbx_wake_kind)w};
				if (mbx_memory_create(&c->memory, 1, 1, MBX_GROWTH_RESERVED) !=
				        MBX_OK ||
				    mbx_mailbox_attach(&c->mailbox, mbx_memory_base(c->memory),
				                       mbx_memory_size(c->memory), 0,
				                       &o) != MBX_OK) {
					fprintf(stderr, "mbx-bench: cannot set up %s/%s\n",
					        mbx_variant_name(o.variant), mbx_wake_name(o.wake));
					return 1;
				}
				c->variant = o.variant;
				c->asleep = asleep;
				c->unquiesced = unquiesced;
				c->qsbr = qsbr;
				if (qsbr)
					snprintf(c->name, sizeof c->name,
					         "enqueue_qsbr/%s/%s/awake/report_every:%d",
					         mbx_variant_name(o.variant), mbx_wake_name(o.wake),
					         MBX_BENCH_QSBR_REPORT_EVERY);
				else
					snprintf(c->name, sizeof c->name, "%s/%s/%s/%s",
					         unquiesced ? "enqueue_unquiesced" : "enqueue",
					         mbx_variant_name(o.variant), mbx_wake_name(o.wake),
					         asleep ? "asleep" : "awake");
				if (mbx_guest_init(&c->drainer, c->mailbox, MBX_GUEST_CORRECTED,
				                   discard_id, NULL) != MBX_OK ||
				    pthread_mutex_init(&c->drain_lock, NULL) != 0) {
					fprintf(stderr, "mbx-bench: cannot set up %s\n", c->name);
					return 1;
				}
				b = mbx_bench_register_run(c->name, bench_enqueue, c,
				                           unquiesced || qsbr ? 1 : max_threads);
				case_count++;
			}
		}
	}
	if (mbx_scenario_inline_register(max_threads) != 0) {
		fprintf(stderr,
		        "mbx-bench: cannot register floor/reference_path and enqueue_inline\n");
		return 1;
	}
	if (!b || mbx_scenario_e2e_register(max_threads) != 0 ||
	    mbx_scenario_wake_latency_register() != 0 ||
	    mbx_scenario_grow_register(max_threads) != 0) {
		fprintf(stderr, "mbx-bench: cannot register e2e/wake_latency/grow\n");
		return 1;
	}
#ifdef MBX_BENCH_HAVE_PEERS /* mbx-bench only: the peers link libmbx (peers.cmake) */
	if (mbx_scenario_peers_register(max_threads) != 0) {
		fprintf(stderr, "mbx-bench: cannot register the peers\n");
		return 1;
	}
#endif
	add_context();
	int rc = mbx_bench_run_main(argc, argv);
	struct rusage ru;
	if (getrusage(RUSAGE_SELF, &ru) == 0)
		fprintf(stderr, "mbx-bench: peak RSS %ld KiB\n", ru.ru_maxrss);
	for (size_t i = 0; i < case_count; i++) {
		mbx_mailbox_detach(cases[i].mailbox);
		mbx_memory_destroy(cases[i].memory);
	}
	return rc;
}
