/* SPDX-License-Identifier: MIT */
/*
 * mbx-bench: floor and enqueue scenarios, registered from the variant and wake
 * tables (no per-variant code). Names: <scenario>/<variant>/<wake>[/awake|asleep].
 * e2e and wake_latency live in scenario_e2e.c and scenario_wake_latency.c.
 *
 * Orderings here: the floor body mirrors the reference enqueue's atomic work
 * (fetch_add acq_rel + relaxed store); the bench does no cross-thread
 * publication of its own, so its other accesses are relaxed.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include <mbx/guest.h>
#include <mbx/mailbox.h>

#include "mailbox_internal.h" /* mbx__enqueue_unquiesced, for enqueue_unquiesced/ */
#include "scenarios.h"
#include "shim.h"
#ifdef MBX_BENCH_HAVE_HWLOC
#include "pin.h"

/* Loaded once in main before any benchmark runs; read-only afterwards. */
static hwloc_topology_t topology;
static enum mbx_pin_policy placement = MBX_PIN_COMPACT;
#endif

/* Each benchmark thread binds itself by its index (no-op without hwloc). */
void mbx_bench_bind_self(struct mbx_bench_state *state)
{
#ifdef MBX_BENCH_HAVE_HWLOC
	int pu = mbx_pin_place(topology, placement, mbx_bench_thread_index(state),
	                       mbx_bench_threads_count(state));
	if (mbx_pin_bind_self(topology, pu) != 0)
		mbx_bench_skip_with_error(state, "hwloc bind failed");
#else
	(void)state;
#endif
}

int mbx_bench_bind_guest(int count)
{
#ifdef MBX_BENCH_HAVE_HWLOC
	return mbx_pin_bind_self(topology, mbx_pin_place(topology, placement, count, count));
#else
	(void)count;
	return 0;
#endif
}

void *mbx_bench_handover(struct mbx_bench_state *state, void *built, const char *error)
{
	if (!built)
		mbx_bench_skip_with_error(state, error);
	return built;
}

uint64_t mbx_bench_now_ns(void)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (uint64_t)now.tv_sec * 1000000000u + (uint64_t)now.tv_nsec;
}

#define MBX_BENCH_MAX_CASES 256

/* One producer-only case: a mailbox in its own simulated memory. */
struct enqueue_case {
	struct mbx_memory *memory;
	struct mbx_mailbox *mailbox;
	const struct mbx_variant *variant;
	bool asleep;
	bool unquiesced; /* enqueue_unquiesced/: without close's in-flight marker */
	/* A variant with a host-side structure (wfcq) grows without a guest: drained untimed. */
	struct mbx_guest drainer;
	pthread_mutex_t drain_lock; /* one drainer at a time (the structure's single consumer) */
	char name[96];
};

static struct enqueue_case cases[MBX_BENCH_MAX_CASES];
static size_t case_count;

static struct {
	_Alignas(64) _Atomic uint32_t tail;
	_Atomic uint32_t ring[MBX_CAPACITY];
} floor_line;

static void bench_floor(struct mbx_bench_state *state, void *arg)
{
	(void)arg;
	int64_t n = 0;
	mbx_bench_bind_self(state);
	while (mbx_bench_keep_running(state)) {
		/* the reference's tail RMW; contended like the real tail */
		uint32_t t = atomic_fetch_add_explicit(&floor_line.tail, 1, memory_order_acq_rel);
		/* relaxed: the reference's slot store order */
		atomic_store_explicit(&floor_line.ring[t % MBX_CAPACITY], t | 1u,
		                      memory_order_relaxed);
		n++;
	}
	mbx_bench_set_items_processed(state, n);
}

/*
 * sequenced never overwrites: on MBX_E_FULL the producer plays a discarding
 * guest and moves head up to tail (outside the timed region), so the bench
 * measures enqueue, not back-pressure. Races between producers doing this only
 * cost extra retries.
 */
static void discard_ring(struct mbx_bench_state *state, struct mbx_abi_mailbox *region)
{
	mbx_bench_pause_timing(state);
	/* acquire: pairs with the producers' tail RMW; we only need a recent value */
	uint32_t tail = atomic_load_explicit(&region->tail, memory_order_acquire);
	/* release: acts as the guest's head store, pairs with the enqueue's head acquire */
	atomic_store_explicit(&region->head, tail, memory_order_release);
	mbx_bench_resume_timing(state);
}

static void discard_id(void *context, uint32_t task_id, bool overflowed)
{
	(void)context;
	(void)task_id;
	(void)overflowed;
}

#define DRAIN_EVERY 256 /* ids a producer enqueues between drains of a host-side structure */

/*
 * Frees what a structure variant queued, outside the timed region (timing:
 * the loop is still running, so pause it); a busy drainer leaves it to the
 * thread already draining. After the loop, wait for the lock: nothing may stay.
 */
static void drain_structure(struct mbx_bench_state *state, struct enqueue_case *c, bool timing)
{
	if (timing && pthread_mutex_trylock(&c->drain_lock) != 0)
		return;
	if (!timing)
		pthread_mutex_lock(&c->drain_lock);
	if (timing)
		mbx_bench_pause_timing(state);
	mbx_guest_drain(&c->drainer, NULL);
	if (timing)
		mbx_bench_resume_timing(state);
	pthread_mutex_unlock(&c->drain_lock);
}

static void bench_enqueue(struct mbx_bench_state *state, void *arg)
{
	struct enqueue_case *c = arg;
	struct mbx_abi_mailbox *region = mbx_mailbox_region(c->mailbox);
	uint32_t producer = (uint32_t)mbx_bench_thread_index(state);
	uint32_t seq = 0;
	int64_t n = 0, full = 0;

	mbx_bench_bind_self(state);

	/* relaxed: set before the timed loop; waiter_aware reads it with its own fence */
	atomic_store_explicit(&region->waiter, c->asleep ? 1u : 0u, memory_order_relaxed);
	while (mbx_bench_keep_running(state)) {
		/* (producer, sequence), never 0 */
		uint32_t id = (producer << 24) | ((++seq & 0xffffffu) | 1u);
		enum mbx_status s;
		/* only accepted ids are items: a full ring is emptied, untimed, and the id retried */
		while ((s = c->unquiesced ? mbx__enqueue_unquiesced(c->mailbox, id)
		                          : mbx_enqueue(c->mailbox, id)) == MBX_E_FULL) {
			full++;
			discard_ring(state, region);
		}
		if (s != MBX_OK) {
			mbx_bench_skip_with_error(state, "mbx_enqueue failed");
			break;
		}
		if (++n % DRAIN_EVERY == 0 && mbx_variant_host_structure(c->variant))
			drain_structure(state, c, true);
	}
	if (mbx_variant_host_structure(c->variant))
		drain_structure(state, c, false);
	mbx_bench_set_items_processed(state, n);
	mbx_bench_counter(state, "full", (double)full);
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
#ifdef MBX_BENCH_HAVE_HWLOC
	mbx_bench_add_context("mbx_placement", mbx_pin_policy_name(placement));
	snprintf(buf, sizeof buf, "packages=%d l3=%d cores=%d pus=%d",
	         hwloc_get_nbobjs_by_type(topology, HWLOC_OBJ_PACKAGE),
	         hwloc_get_nbobjs_by_type(topology, HWLOC_OBJ_L3CACHE),
	         hwloc_get_nbobjs_by_type(topology, HWLOC_OBJ_CORE),
	         hwloc_get_nbobjs_by_type(topology, HWLOC_OBJ_PU));
	mbx_bench_add_context("mbx_topology", buf);
	buf[0] = 0;
	for (int i = 0; i < 16; i++) {
		size_t len = strlen(buf);
		snprintf(buf + len, sizeof buf - len, "%s%d", i ? "," : "",
		         mbx_pin_place(topology, placement, i, 16));
	}
	mbx_bench_add_context("mbx_thread_pu", buf);
#else
	mbx_bench_add_context("mbx_placement", "none (built without hwloc)");
#endif
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

#ifdef MBX_BENCH_HAVE_HWLOC
	const char *pol = getenv("MBX_BENCH_PLACEMENT");
	if (pol && mbx_pin_policy_parse(pol) >= 0)
		placement = (enum mbx_pin_policy)mbx_pin_policy_parse(pol);
	if (hwloc_topology_init(&topology) || hwloc_topology_load(topology)) {
		fprintf(stderr, "mbx-bench: hwloc topology failed\n");
		return 1;
	}
#endif
	struct mbx_bench *b = mbx_bench_register("floor", bench_floor, NULL);
	mbx_bench_thread_range(b, 1, max_threads);
	mbx_bench_use_real_time(b);

	for (size_t v = 0; v < mbx_variant_count(); v++) {
		for (size_t w = 0; w < mbx_wake_count(); w++) {
			/* 0 awake, 1 asleep, 2 awake without close's in-flight marker (1 producer) */
			for (int row = 0; row <= 2; row++) {
				bool asleep = row == 1, unquiesced = row == 2;
				const char *variant_name = mbx_variant_name(mbx_variant_at(v));

				if (case_count == MBX_BENCH_MAX_CASES)
					break;
				if (unquiesced && strcmp(variant_name, "seed") != 0 &&
				    strcmp(variant_name, "sequenced") != 0)
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
				b = mbx_bench_register(c->name, bench_enqueue, c);
				mbx_bench_thread_range(b, 1, unquiesced ? 1 : max_threads);
				mbx_bench_use_real_time(b);
				case_count++;
			}
		}
	}
	if (mbx_scenario_inline_register(max_threads) != 0) {
		fprintf(stderr,
		        "mbx-bench: cannot register floor/reference_path and enqueue_inline\n");
		return 1;
	}
	if (mbx_scenario_e2e_register(max_threads) != 0 ||
	    mbx_scenario_wake_latency_register() != 0 ||
	    mbx_scenario_grow_register(max_threads) != 0) {
		fprintf(stderr, "mbx-bench: cannot register e2e/wake_latency/grow\n");
		return 1;
	}
	if (mbx_scenario_peers_register(max_threads) != 0) {
		fprintf(stderr, "mbx-bench: cannot register the peers\n");
		return 1;
	}
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
