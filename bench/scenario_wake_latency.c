/* SPDX-License-Identifier: MIT */
/*
 * wake_latency/<variant>/<wake>: one producer (the benchmark thread) and one
 * guest pthread on a mailbox of that variant with the corrected guest. Each
 * round trip: the guest publishes "about to sleep after k ids" and sleeps in
 * mbx_guest_wait; the producer waits for that (and for the waiter word under
 * the policies that announce sleep), lets the guest settle for SETTLE_NS,
 * takes t0 and enqueues; the guest takes t1 as soon as the wait returns.
 * p50/p99/p999 of t1 - t0. One id in flight at a time, so no variant
 * overwrites here: the latency is the wake policy's plus the variant's
 * publication.
 *
 * wake_latency/futex_pingpong: the same round trip over a bare private futex
 * word (FUTEX_WAIT / FUTEX_WAKE): the floor for the wake policies.
 *
 * t0 and t1 go to preallocated arrays, each written by one thread only, and
 * are read after pthread_join.
 */
#include <linux/futex.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <mbx/guest.h>
#include <mbx/mailbox.h>

#include "scenarios.h"

#define LAT_WAIT_NS 10000000u /* the guest's bounded wait: 10 ms */
#define SETTLE_NS   20000u    /* from "about to sleep" to enqueue: let the guest block */
#define LAT_MIN_S   0.5       /* any --benchmark_min_time: ~10^4 round trips for p999 */
/* MBX_BENCH_LATENCY_MIN_TIME (seconds) overrides LAT_MIN_S: make bench QUICK=1 shortens it. */

struct lat_run {
	struct mbx_mailbox *mailbox; /* NULL: futex ping-pong */
	struct mbx_guest guest;
	uint64_t *t1; /* guest's wake times, one per id (+1 for the stop kick) */
	int64_t slots;
	_Atomic uint32_t armed; /* ids taken when the guest last went to sleep, +1 */
	_Atomic uint32_t word;  /* the ping-pong futex word: rounds sent */
	_Atomic bool stop;
};

struct lat_case {
	const struct mbx_variant *variant; /* both ignored for the ping-pong */
	enum mbx_wake_kind wake;
	char name[96];
};

static struct lat_case *lat_cases;
static void *lat_pingpong_tag = &lat_pingpong_tag;

static void lat_deliver(void *context, uint32_t task_id, bool overflowed)
{
	(void)context;
	(void)task_id;
	(void)overflowed;
}

static void *lat_guest_main(void *argument)
{
	struct lat_run *run = argument;
	uint64_t woke = 0;
	uint32_t k = 0;

	mbx_bench_bind_guest(1);
	for (;;) {
		uint32_t taken = 0;
		mbx_guest_drain(&run->guest, &taken);
		if (taken && k < run->slots)
			run->t1[k] = woke;
		k += taken;
		/* acquire: pairs with the producer's release store of stop */
		if (atomic_load_explicit(&run->stop, memory_order_acquire))
			return NULL;
		/* release: pairs with the producer's acquire spin; t1[k-1] is written */
		atomic_store_explicit(&run->armed, k + 1, memory_order_release);
		mbx_guest_wait(&run->guest, LAT_WAIT_NS);
		woke = mbx_bench_now_ns();
	}
}

static void *lat_pingpong_main(void *argument)
{
	struct lat_run *run = argument;
	uint32_t k = 0;

	mbx_bench_bind_guest(1);
	for (;;) {
		/* release: pairs with the producer's acquire spin on armed */
		atomic_store_explicit(&run->armed, k + 1, memory_order_release);
		/* acquire: pairs with the producer's release store of the word */
		while (atomic_load_explicit(&run->word, memory_order_acquire) == k)
			syscall(SYS_futex, &run->word, FUTEX_WAIT_PRIVATE, k, NULL, NULL, 0);
		uint64_t woke = mbx_bench_now_ns();
		/* acquire: pairs with the release store of stop (made before the last word store) */
		if (atomic_load_explicit(&run->stop, memory_order_acquire))
			return NULL;
		if (k < run->slots)
			run->t1[k] = woke;
		k++;
	}
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

static void lat_report(struct mbx_bench_state *state, uint64_t *d, int64_t n)
{
	static const struct {
		const char *name;
		double q;
	} pct[] = {{"p50_ns", 0.5}, {"p99_ns", 0.99}, {"p999_ns", 0.999}};

	qsort(d, (size_t)n, sizeof(*d), cmp_u64);
	for (size_t i = 0; i < sizeof pct / sizeof pct[0]; i++) {
		int64_t at = (int64_t)(pct[i].q * (double)n);
		mbx_bench_counter(state, pct[i].name, (double)d[at < n ? at : n - 1]);
	}
}

static void bench_wake_latency(struct mbx_bench_state *state, void *arg)
{
	bool pingpong = arg == lat_pingpong_tag;
	const struct lat_case *c = arg;
	int64_t n = mbx_bench_max_iterations(state), i = 0;
	struct mbx_memory *memory = NULL;
	struct lat_run run = {.slots = n};
	uint64_t *t0 = calloc((size_t)n, sizeof(*t0));
	struct mbx_options o = {.variant = c->variant, .wake = pingpong ? MBX_WAKE_FUTEX : c->wake};
	bool announces = o.wake == MBX_WAKE_WAITER_AWARE || o.wake == MBX_WAKE_WAITER_HANDOFF;
	pthread_t thread;

	run.t1 = calloc((size_t)n, sizeof(*run.t1));
	if (pingpong && mbx_variant_find("sequenced", &o.variant) != MBX_OK)
		o.variant = NULL;
	atomic_init(&run.armed, 0);
	atomic_init(&run.word, 0);
	atomic_init(&run.stop, false);
	mbx_bench_bind_self(state);
	if (!t0 || !run.t1 || !o.variant ||
	    (!pingpong && (mbx_memory_create(&memory, 1, 1, MBX_GROWTH_RESERVED) != MBX_OK ||
	                   mbx_mailbox_attach(&run.mailbox, mbx_memory_base(memory),
	                                      mbx_memory_size(memory), 0, &o) != MBX_OK ||
	                   mbx_guest_init(&run.guest, run.mailbox, MBX_GUEST_CORRECTED, lat_deliver,
	                                  NULL) != MBX_OK)) ||
	    pthread_create(&thread, NULL, pingpong ? lat_pingpong_main : lat_guest_main, &run) !=
	        0) {
		mbx_bench_skip_with_error(state, "wake_latency setup failed");
		goto out;
	}
	struct mbx_abi_mailbox *box = run.mailbox ? mbx_mailbox_region(run.mailbox) : NULL;
	while (mbx_bench_keep_running(state)) {
		/* acquire: pairs with the guest's release store of armed */
		while (atomic_load_explicit(&run.armed, memory_order_acquire) != (uint32_t)i + 1)
			;
		/* relaxed: only a hint that the guest is inside its futex wait */
		while (announces && box &&
		       atomic_load_explicit(&box->waiter, memory_order_relaxed) == 0)
			;
		uint64_t settle = mbx_bench_now_ns() + SETTLE_NS;
		while (mbx_bench_now_ns() < settle)
			;
		t0[i] = mbx_bench_now_ns();
		if (pingpong) {
			/* release: pairs with the guest's acquire load of the word */
			atomic_store_explicit(&run.word, (uint32_t)i + 1, memory_order_release);
			syscall(SYS_futex, &run.word, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
		} else if (mbx_enqueue(run.mailbox, (uint32_t)i + 1) != MBX_OK) {
			mbx_bench_skip_with_error(state, "mbx_enqueue failed");
			break;
		}
		i++;
	}
	/* the guest is sleeping again (or about to) after the last id */
	while (atomic_load_explicit(&run.armed, memory_order_acquire) != (uint32_t)i + 1)
		; /* acquire: as above; t1[i-1] is written */
	/* release: pairs with the guest's acquire load of stop */
	atomic_store_explicit(&run.stop, true, memory_order_release);
	if (pingpong) {
		/* release: the kick; pairs with the guest's acquire load of the word */
		atomic_store_explicit(&run.word, (uint32_t)i + 1, memory_order_release);
		syscall(SYS_futex, &run.word, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
	}
	pthread_join(thread, NULL); /* the mailbox guest leaves at its 10 ms timeout */
	for (int64_t j = 0; j < i; j++)
		t0[j] = run.t1[j] > t0[j] ? run.t1[j] - t0[j] : 0;
	if (i > 0)
		lat_report(state, t0, i);
	mbx_bench_set_items_processed(state, i);
out:
	if (run.mailbox)
		mbx_mailbox_detach(run.mailbox);
	if (memory)
		mbx_memory_destroy(memory);
	free(run.t1);
	free(t0);
}

static struct mbx_bench *lat_register(const char *name, void *arg, double min_time)
{
	struct mbx_bench *b = mbx_bench_register(name, bench_wake_latency, arg);

	if (b) {
		mbx_bench_threads(b, 1);
		mbx_bench_use_real_time(b);
		mbx_bench_min_time(b, min_time);
	}
	return b;
}

int mbx_scenario_wake_latency_register(void)
{
	size_t count = mbx_variant_count() * mbx_wake_count();
	const char *env = getenv("MBX_BENCH_LATENCY_MIN_TIME");
	double min_time = env && atof(env) > 0 ? atof(env) : LAT_MIN_S;

	lat_cases = calloc(count, sizeof(*lat_cases));
	if (!lat_cases)
		return -1;
	/* The floor first, so a filtered run that keeps it reads well. */
	if (!lat_register("wake_latency/futex_pingpong", lat_pingpong_tag, min_time))
		return -1;
	for (size_t v = 0; v < mbx_variant_count(); v++) {
		for (size_t w = 0; w < mbx_wake_count(); w++) {
			struct lat_case *c = &lat_cases[v * mbx_wake_count() + w];

			c->variant = mbx_variant_at(v);
			c->wake = (enum mbx_wake_kind)w;
			snprintf(c->name, sizeof c->name, "wake_latency/%s/%s",
			         mbx_variant_name(c->variant),
			         mbx_wake_name((enum mbx_wake_kind)w));
			if (!lat_register(c->name, c, min_time))
				return -1;
		}
	}
	return 0;
}
