/* SPDX-License-Identifier: MIT */
/*
 * wake_latency/<variant>/<wake>: one producer (the benchmark thread) and one
 * guest pthread (the row's helper, on a core of its own) on a mailbox of that
 * variant with the corrected guest (every variant but the seed's ordering
 * variants, which the seed stands for: lat_stood_in_for). Each sample: the guest publishes "about
 * to sleep after k ids" and waits; the producer waits for that (and for the
 * waiter word under the policies that announce sleep), lets the guest settle
 * for SETTLE_NS, takes t0 and enqueues; the guest takes t1 as soon as its
 * wait returns. One-way latency t1 - t0. One id in flight at a time, so no
 * variant overwrites here. Under `spin` the guest polls the flag itself
 * (announced, which raises no flag under spin: its next slot), with no system call and no clock read per pass (mbx_guest_wait's spin
 * yields and reads the clock on each pass, which is the guest's poll loop,
 * not the wake path).
 *
 * The references, one per futex flavour, each with one-way (p50_ns ...)
 * and round-trip (rt_p50_ns ...: the guest wakes the producer back, with
 * the same flavour, and the producer takes t2 when its own wait returns):
 *   wake_latency/futex_pingpong          FUTEX_WAIT / FUTEX_WAKE, shared: the
 *                                        reference's flavour (futex,
 *                                        waiter_aware, waiter_handoff)
 *   wake_latency/futex_private_pingpong  the _PRIVATE flavour (futex_private,
 *                                        notify: pthread's condition variable)
 *   wake_latency/spin_pingpong           both sides poll a word (spin)
 * The context key mbx_latency_references names each policy's reference.
 *
 * The adaptive guest (<mbx/guest.h>, spin_budget_ns):
 * wake_latency/<variant>/waiter_handoff/spin_budget_ns:<budget>, for each
 * variant that never overwrites and budgets 2, 20 and 200 us (budget 0 is
 * the plain row). Samples alternate: even ones arrive within the budget
 * (enqueued budget / 2 after the guest armed: it is still polling), odd ones
 * beyond it (the guest announced its sleep, which it does after its budget,
 * then SETTLE_NS).
 * Counters within_p50_ns, within_p99_ns and beyond_p50_ns, beyond_p99_ns
 * (no p50_ns: the two halves answer different questions), over a quarter of
 * the samples (2 560 by default: 1 280 a half).
 *
 * Every row (and the ping-pongs): idle_cpu_pct, the guest thread's CPU time
 * (CLOCK_THREAD_CPUTIME_ID, read from the producer by pthread_getcpuclockid)
 * over IDLE_NS with nothing enqueued, per cent of that wall time: ~100 for
 * a poll, the budget's share of each LAT_WAIT_NS timeout for an adaptive
 * guest, ~0 for a sleep.
 *
 * Samples: a fixed count per repetition (MBX_BENCH_LATENCY_SAMPLES, default
 * 10 240, so no name reads "iterations:100..."), counter samples; p999 is
 * reported only when at least 10 samples lie beyond it (10 000 samples). An
 * interval whose end precedes its start is counted (negative) and left out,
 * never clamped.
 *
 * Edges: A-ARMED/R-ARMED (the guest's "about to wait", k+1, and the samples
 * it wrote before), R-WORD/A-WORD (the ping-pong's word), R-BACK/A-BACK (its
 * answer), R-STOP/A-STOP (the end). The mailbox's own edges are ring/'s.
 * t0, t1 and t2 live in preallocated arrays, each written by one thread, read
 * after pthread_join.
 */
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <mbx/guest.h>
#include <mbx/mailbox.h>

#include "harness.h"
#include "overwriting.h" /* ring/: MBX__OVERWRITING_VARIANTS, for lat_stood_in_for */
#include "scenarios.h"

#define LAT_WAIT_NS     10000000u /* the mailbox guest's bounded wait: 10 ms */
#define SETTLE_NS       20000u    /* from "about to sleep" to enqueue: let the guest block */
#define LAT_SAMPLES     10240     /* per repetition (MBX_BENCH_LATENCY_SAMPLES overrides) */
#define LAT_P999_AT_MIN 10000     /* 10 samples beyond p999 */
#define IDLE_NS         20000000u /* the idle stretch that idle_cpu_pct measures: 20 ms */

enum lat_flavour { LAT_MAILBOX, LAT_SHARED, LAT_PRIVATE, LAT_SPIN };

/* How the mailbox guest waits: its own poll under spin (no clock read per pass), else mbx_guest_wait. */
enum lat_wait {
	LAT_WAIT_GUEST,     /* mbx_guest_wait, LAT_WAIT_NS at most */
	LAT_WAIT_POLL_FLAG, /* spin: polls the flag */
	LAT_WAIT_POLL_SLOT, /* spin under announced, which raises no flag: polls its next slot */
};

struct lat_run {
	enum lat_flavour flavour;
	struct mbx_mailbox *mailbox; /* LAT_MAILBOX only */
	struct mbx_guest guest;
	enum lat_wait wait; /* how the mailbox guest waits for the next id */
	uint64_t *t1;       /* the guest's wake times, one per sample */
	int64_t slots;
	int cpu[2];             /* the guest's CPUs, read after the join */
	bool bind_failed;       /* likewise */
	_Atomic uint32_t armed; /* R-ARMED / A-ARMED */
	_Atomic uint32_t word;  /* R-WORD / A-WORD */
	_Atomic uint32_t back;  /* R-BACK / A-BACK */
	_Atomic bool stop;      /* R-STOP / A-STOP */
};

struct lat_case {
	enum lat_flavour flavour;
	const struct mbx_variant *variant; /* LAT_MAILBOX only */
	enum mbx_wake_kind wake;
	uint64_t spin_budget_ns; /* the adaptive guest's; 0: a plain row */
	char name[96];
};

static struct lat_case *lat_cases;
static int64_t lat_samples = LAT_SAMPLES;

static void lat_deliver(void *context, uint32_t task_id, bool overflowed)
{
	(void)context;
	(void)task_id;
	(void)overflowed;
}

static void futex_wait(_Atomic uint32_t *word, uint32_t value, bool shared)
{
	syscall(SYS_futex, word, shared ? FUTEX_WAIT : FUTEX_WAIT_PRIVATE, value, NULL, NULL, 0);
}

static void futex_wake(_Atomic uint32_t *word, bool shared)
{
	syscall(SYS_futex, word, shared ? FUTEX_WAKE : FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
}

/* Waits while *word == value: the flavour's futex wait, or a poll. */
static void lat_wait(enum lat_flavour flavour, _Atomic uint32_t *word, uint32_t value)
{
	/* A-WORD / A-BACK: pairs with the other side's release store of word */
	while (atomic_load_explicit(word, memory_order_acquire) == value)
		if (flavour != LAT_SPIN)
			futex_wait(word, value, flavour == LAT_SHARED);
}

/* Stores value (release: R-WORD / R-BACK) and wakes the other side in the flavour's way. */
static void lat_post(enum lat_flavour flavour, _Atomic uint32_t *word, uint32_t value)
{
	atomic_store_explicit(word, value, memory_order_release);
	if (flavour != LAT_SPIN)
		futex_wake(word, flavour == LAT_SHARED);
}

static void lat_helper_begin(struct lat_run *run)
{
	run->bind_failed = mbx_bench_bind_helper(1) != 0;
	run->cpu[0] = sched_getcpu();
}

static void *lat_guest_main(void *argument)
{
	struct lat_run *run = argument;
	struct mbx_abi_mailbox *box = mbx_mailbox_region(run->mailbox);
	uint64_t woke = 0;
	uint32_t k = 0;

	lat_helper_begin(run);
	for (;;) {
		uint32_t taken = 0;
		mbx_guest_drain(&run->guest, &taken);
		if (taken && k < run->slots)
			run->t1[k] = woke;
		k += taken;
		/* A-STOP: pairs with R-STOP */
		if (atomic_load_explicit(&run->stop, memory_order_acquire))
			break;
		/* R-ARMED: t1[k-1] is written; pairs with A-ARMED */
		atomic_store_explicit(&run->armed, k + 1, memory_order_release);
		if (run->wait == LAT_WAIT_POLL_SLOT) {
			/* announced raises no flag under spin: poll the guest's next slot
			 * (mbx_guest_backlog: relaxed loads; the drain's acquire takes the id);
			 * A-STOP as above */
			while (mbx_guest_backlog(&run->guest) != MBX_BACKLOG_PUBLISHED &&
			       !atomic_load_explicit(&run->stop, memory_order_acquire))
				;
		} else if (run->wait == LAT_WAIT_POLL_FLAG) {
			/* relaxed: the drain that follows orders its own reads; A-STOP as above */
			while (atomic_load_explicit(&box->flag, memory_order_relaxed) == 0 &&
			       !atomic_load_explicit(&run->stop, memory_order_acquire))
				;
		} else {
			mbx_guest_wait(&run->guest, LAT_WAIT_NS);
		}
		/* a poll above was the wait: the drain takes at once, as after
		 * mbx_guest_wait (no chase: sim/guest.c, batch_no_chase) */
		run->guest.batch.took_ns = 0;
		woke = mbx_bench_now_ns();
	}
	run->cpu[1] = sched_getcpu();
	return NULL;
}

static void *lat_pingpong_main(void *argument)
{
	struct lat_run *run = argument;
	uint32_t k = 0;

	lat_helper_begin(run);
	for (;;) {
		/* R-ARMED: pairs with A-ARMED */
		atomic_store_explicit(&run->armed, k + 1, memory_order_release);
		lat_wait(run->flavour, &run->word, k);
		uint64_t woke = mbx_bench_now_ns();
		/* A-STOP: R-STOP precedes the last word store */
		if (atomic_load_explicit(&run->stop, memory_order_acquire))
			break;
		if (k < run->slots)
			run->t1[k] = woke;
		k++;
		lat_post(run->flavour, &run->back, k);
	}
	run->cpu[1] = sched_getcpu();
	return NULL;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

/* Sorts d[0..n) and reports its percentiles as <prefix>p50_ns...; p999 only with enough. */
static void lat_report(struct mbx_bench_state *state, const char *prefix, uint64_t *d, int64_t n)
{
	static const struct {
		const char *name;
		double q;
	} pct[] = {{"p50_ns", 0.5}, {"p99_ns", 0.99}, {"p999_ns", 0.999}};
	char name[32];

	if (n <= 0)
		return;
	qsort(d, (size_t)n, sizeof(*d), cmp_u64);
	for (size_t i = 0; i < sizeof pct / sizeof pct[0]; i++) {
		int64_t at = (int64_t)(pct[i].q * (double)n);
		if (pct[i].q == 0.999 && n < LAT_P999_AT_MIN)
			continue;
		snprintf(name, sizeof name, "%s%s", prefix, pct[i].name);
		mbx_bench_counter(state, name, (double)d[at < n ? at : n - 1]);
	}
}

/*
 * end - start for every stride-th sample from first into out (negative ones
 * counted, left out); returns how many.
 */
static int64_t lat_intervals(const uint64_t *start, const uint64_t *end, int64_t n, int64_t first,
                             int64_t stride, uint64_t *out, int64_t *negative)
{
	int64_t m = 0;

	for (int64_t j = first; j < n; j += stride) {
		if (end[j] < start[j])
			++*negative;
		else
			out[m++] = end[j] - start[j];
	}
	return m;
}

static uint64_t thread_cpu_ns(clockid_t clock)
{
	struct timespec t;

	if (clock_gettime(clock, &t) != 0)
		return 0;
	return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

/* The guest thread's CPU time over IDLE_NS with nothing enqueued, per cent; < 0 if unreadable. */
static double lat_idle_cpu_pct(pthread_t thread)
{
	struct timespec idle = {.tv_sec = 0, .tv_nsec = IDLE_NS};
	clockid_t clock;
	uint64_t c0, c1, w0, w1;

	if (pthread_getcpuclockid(thread, &clock) != 0)
		return -1;
	c0 = thread_cpu_ns(clock);
	w0 = mbx_bench_now_ns();
	nanosleep(&idle, NULL);
	c1 = thread_cpu_ns(clock);
	w1 = mbx_bench_now_ns();
	return w1 > w0 && c1 >= c0 ? 100.0 * (double)(c1 - c0) / (double)(w1 - w0) : -1;
}

/* Waits until t: a spin on the clock (no system call, no sleep). */
static void lat_until(uint64_t t)
{
	while (mbx_bench_now_ns() < t)
		;
}

/* The corrected guest, with the case's spin budget (the adaptive guest's). */
static enum mbx_status lat_guest_init(struct lat_run *run, const struct lat_case *c)
{
	enum mbx_status status =
	    mbx_guest_init(&run->guest, run->mailbox, MBX_GUEST_CORRECTED, lat_deliver, NULL);

	run->guest.spin_budget_ns = c->spin_budget_ns;
	return status;
}

static void bench_wake_latency(struct mbx_bench_state *state, void *arg)
{
	const struct lat_case *c = arg;
	bool pingpong = c->flavour != LAT_MAILBOX;
	int64_t n = mbx_bench_max_iterations(state), i = 0, negative = 0;
	struct mbx_memory *memory = NULL;
	struct lat_run run = {.flavour = c->flavour, .slots = n, .cpu = {-1, -1}};
	uint64_t *t0 = calloc((size_t)n, sizeof(*t0)), *t2 = calloc((size_t)n, sizeof(*t2));
	uint64_t *d = calloc((size_t)n, sizeof(*d));
	struct mbx_options o = {.variant = c->variant, .wake = c->wake};
	bool announces = o.wake == MBX_WAKE_WAITER_AWARE || o.wake == MBX_WAKE_WAITER_HANDOFF;
	pthread_t thread;

	run.t1 = calloc((size_t)n, sizeof(*run.t1));
	if (!pingpong && o.wake == MBX_WAKE_SPIN)
		run.wait = mbx_variant_announced_sleep(c->variant) ? LAT_WAIT_POLL_SLOT
		                                                   : LAT_WAIT_POLL_FLAG;
	atomic_init(&run.armed, 0);
	atomic_init(&run.word, 0);
	atomic_init(&run.back, 0);
	atomic_init(&run.stop, false);
	bool bound = mbx_bench_bind_self(state, true);
	if (!t0 || !t2 || !d || !run.t1 ||
	    (!pingpong && (mbx_memory_create(&memory, 1, 1, MBX_GROWTH_RESERVED) != MBX_OK ||
	                   mbx_mailbox_attach(&run.mailbox, mbx_memory_base(memory),
	                                      mbx_memory_size(memory), 0, &o) != MBX_OK ||
	                   lat_guest_init(&run, c) != MBX_OK)) ||
	    pthread_create(&thread, NULL, pingpong ? lat_pingpong_main : lat_guest_main, &run) !=
	        0) {
		mbx_bench_skip_with_error(state, "wake_latency setup failed");
		goto out;
	}
	struct mbx_abi_mailbox *box = run.mailbox ? mbx_mailbox_region(run.mailbox) : NULL;
	bool failed = false;
	while (mbx_bench_keep_running(state)) {
		bool within = c->spin_budget_ns && i % 2 == 0; /* the adaptive guest still polls */
		/* A-ARMED: pairs with the guest's R-ARMED */
		while (atomic_load_explicit(&run.armed, memory_order_acquire) != (uint32_t)i + 1)
			;
		if (within) {
			lat_until(mbx_bench_now_ns() + c->spin_budget_ns / 2);
		} else {
			/* relaxed: only a hint that the guest is inside its futex wait */
			while (announces && box &&
			       atomic_load_explicit(&box->waiter, memory_order_relaxed) == 0)
				;
			/* a policy that announces did so after the budget: settling is enough */
			lat_until(mbx_bench_now_ns() + SETTLE_NS +
			          (announces ? 0 : c->spin_budget_ns));
		}
		t0[i] = mbx_bench_now_ns();
		if (pingpong) {
			lat_post(c->flavour, &run.word, (uint32_t)i + 1);
			lat_wait(c->flavour, &run.back, (uint32_t)i);
			t2[i] = mbx_bench_now_ns();
		} else if (mbx_enqueue(run.mailbox, (uint32_t)i + 1) != MBX_OK) {
			mbx_bench_skip_with_error(state, "mbx_enqueue failed");
			failed = true;
			break;
		}
		i++;
	}
	/* the guest is waiting again (or about to) after the last sample; A-ARMED as above */
	while (!failed && atomic_load_explicit(&run.armed, memory_order_acquire) != (uint32_t)i + 1)
		;
	double idle_cpu_pct = failed ? -1 : lat_idle_cpu_pct(thread);
	/* R-STOP: pairs with the guest's A-STOP */
	atomic_store_explicit(&run.stop, true, memory_order_release);
	if (pingpong)
		lat_post(c->flavour, &run.word, (uint32_t)i + 1); /* the kick */
	pthread_join(thread, NULL); /* the mailbox guest leaves at its 10 ms timeout at most */
	int64_t m;
	if (c->spin_budget_ns) {
		m = lat_intervals(t0, run.t1, i, 0, 2, d, &negative);
		lat_report(state, "within_", d, m);
		int64_t beyond = lat_intervals(t0, run.t1, i, 1, 2, d, &negative);
		lat_report(state, "beyond_", d, beyond);
		m += beyond;
	} else {
		m = lat_intervals(t0, run.t1, i, 0, 1, d, &negative);
		lat_report(state, "", d, m);
	}
	if (pingpong) {
		int64_t r = lat_intervals(t0, t2, i, 0, 1, d, &negative);
		lat_report(state, "rt_", d, r);
	}
	mbx_bench_counter(state, "samples", (double)m);
	mbx_bench_counter(state, "spin_budget_ns", (double)c->spin_budget_ns);
	if (idle_cpu_pct >= 0)
		mbx_bench_counter(state, "idle_cpu_pct", idle_cpu_pct);
	mbx_bench_counter(state, "negative", (double)negative);
	mbx_bench_counter(state, "cpu_p0", sched_getcpu());
	mbx_bench_counter(state, "cpu_helper", run.cpu[0]);
	mbx_bench_counter(state, "cpu_helper_end", run.cpu[1]);
	mbx_bench_set_items_processed(state, i);
	if (!failed && (!bound || run.bind_failed))
		mbx_bench_skip_with_error(state, "hwloc bind failed");
out:
	if (run.mailbox)
		mbx_mailbox_detach(run.mailbox);
	if (memory)
		mbx_memory_destroy(memory);
	free(run.t1);
	free(t0);
	free(t2);
	free(d);
}

static int lat_register(struct lat_case *c)
{
	struct mbx_bench *b = mbx_bench_register(c->name, bench_wake_latency, c);

	if (!b)
		return -1;
	mbx_bench_threads(b, 1);
	mbx_bench_use_real_time(b);
	/* adaptive rows: a quarter (each half still has its p99), so the budgets fit make bench */
	mbx_bench_iterations(b, c->spin_budget_ns ? (lat_samples + 3) / 4 : lat_samples);
	return 0;
}

/* The reference of a wake policy: the ping-pong of its futex flavour. */
static const char *lat_reference(enum mbx_wake_kind wake)
{
	switch (wake) {
	case MBX_WAKE_FUTEX_PRIVATE:
	case MBX_WAKE_NOTIFY: /* pthread's condition variable: private futexes */
		return "futex_private_pingpong";
	case MBX_WAKE_SPIN:
		return "spin_pingpong";
	default: /* futex, waiter_aware, waiter_handoff: FUTEX_WAKE, shared */
		return "futex_pingpong";
	}
}

/*
 * The seed's ordering variants (the other rows of the template
 * MBX__OVERWRITING_VARIANTS, ring/overwriting.h) wake with the seed's code;
 * their enqueue differs in orderings the futex or the poll dwarfs. The
 * seed's row stands for them, which keeps a full run short (issue 14: make
 * bench in 15 minutes). The liburcu rows have code of their own and stay.
 */
#define LAT_ORDERING_VARIANT(v, tail, slot, flag, why) #v,
static bool lat_stood_in_for(const struct mbx_variant *variant)
{
	static const char *const template_rows[] = {
	    MBX__OVERWRITING_VARIANTS(LAT_ORDERING_VARIANT)};

	for (size_t i = 1; i < sizeof template_rows / sizeof template_rows[0]; i++)
		if (strcmp(mbx_variant_name(variant), template_rows[i]) == 0)
			return true;
	return false;
}

int mbx_scenario_wake_latency_register(void)
{
	static const struct {
		const char *name;
		enum lat_flavour flavour;
	} pingpongs[] = {{"futex_pingpong", LAT_SHARED},
	                 {"futex_private_pingpong", LAT_PRIVATE},
	                 {"spin_pingpong", LAT_SPIN}};
	static const uint64_t budgets[] = {2000, 20000, 200000}; /* ns: the adaptive guest's */
	size_t nb = sizeof budgets / sizeof budgets[0];
	size_t count = mbx_variant_count() * (mbx_wake_count() + nb), npp = 3;
	const char *env = getenv("MBX_BENCH_LATENCY_SAMPLES");
	char references[512] = "";

	if (env && atol(env) > 0)
		lat_samples = atol(env);
	lat_cases = calloc(count + npp, sizeof(*lat_cases));
	if (!lat_cases)
		return -1;
	/* The references first, so a filtered run that keeps them reads well. */
	for (size_t p = 0; p < npp; p++) {
		struct lat_case *c = &lat_cases[count + p];
		c->flavour = pingpongs[p].flavour;
		snprintf(c->name, sizeof c->name, "wake_latency/%s", pingpongs[p].name);
		if (lat_register(c) != 0)
			return -1;
	}
	for (size_t w = 0; w < mbx_wake_count(); w++) {
		size_t len = strlen(references);
		snprintf(references + len, sizeof references - len, "%s%s:%s", w ? "," : "",
		         mbx_wake_name((enum mbx_wake_kind)w),
		         lat_reference((enum mbx_wake_kind)w));
	}
	mbx_bench_add_context("mbx_latency_references", references);
	for (size_t v = 0; v < mbx_variant_count(); v++) {
		if (lat_stood_in_for(mbx_variant_at(v)))
			continue;
		for (size_t w = 0; w < mbx_wake_count(); w++) {
			struct lat_case *c = &lat_cases[v * mbx_wake_count() + w];
			c->flavour = LAT_MAILBOX;
			c->variant = mbx_variant_at(v);
			c->wake = (enum mbx_wake_kind)w;
			snprintf(c->name, sizeof c->name, "wake_latency/%s/%s",
			         mbx_variant_name(c->variant), mbx_wake_name(c->wake));
			if (lat_register(c) != 0)
				return -1;
		}
	}
	/* The adaptive guest: budgets beside the plain rows, where the guest never loses ids. */
	for (size_t v = 0; v < mbx_variant_count(); v++) {
		if (mbx_variant_overwrites(mbx_variant_at(v)))
			continue;
		for (size_t b = 0; b < nb; b++) {
			struct lat_case *c =
			    &lat_cases[mbx_variant_count() * mbx_wake_count() + v * nb + b];
			c->flavour = LAT_MAILBOX;
			c->variant = mbx_variant_at(v);
			c->wake = MBX_WAKE_WAITER_HANDOFF;
			c->spin_budget_ns = budgets[b];
			snprintf(c->name, sizeof c->name, "wake_latency/%s/%s/spin_budget_ns:%llu",
			         mbx_variant_name(c->variant), mbx_wake_name(c->wake),
			         (unsigned long long)c->spin_budget_ns);
			if (lat_register(c) != 0)
				return -1;
		}
	}
	return 0;
}
