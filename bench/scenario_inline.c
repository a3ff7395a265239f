/* SPDX-License-Identifier: MIT */
/*
 * The inline path and the floor it is held to (issue 19).
 *
 *   floor/reference_path                        the seed's enqueue as the
 *       reference writes it, inline in C on a simulated memory: closed check
 *       (acquire), base (acquire), tail fetch_add (acq_rel), slot store
 *       (relaxed), flag store (release); no wake. No mbx code runs: it is
 *       what a runtime pays for the protocol alone, the floor every enqueue
 *       row divides by (beside `floor`, a bare fetch_add + store).
 *   enqueue_inline/<variant>/<wake>/<awake|asleep>
 *       the twin of enqueue/<variant>/<wake>/<awake|asleep> (bench_main.c):
 *       the same mailbox, ids, thread counts and full-ring handling, through
 *       <mbx/inline.h>'s mbx_enqueue_<variant>_<wake> instead of mbx_enqueue,
 *       at 1 producer. enqueue / enqueue_inline is the dispatch cost.
 *
 * Both run on the harness's wall clock (harness.h), like every
 * multi-threaded row: one interval per repetition, no paused timer; a full
 * sequenced ring is emptied by the producer inside the run, counted `full`.
 *
 * Orderings here: the reference path's are the reference's own (named at
 * each access); the case set-up is published by google-benchmark's start
 * barrier, so its other accesses are relaxed.
 */
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#include <mbx/inline.h>
#include <mbx/mailbox.h>
#include <mbx/memory.h>

#include "harness.h"
#include "scenarios.h"

/* The reference's host state: its closed flag and its base, beside the simulated memory. */
static struct {
	_Alignas(64) _Atomic bool closed;
	_Atomic uintptr_t base;
	struct mbx_memory *memory;
	struct mbx_bench_wall wall;
} reference;

static void bench_reference_path(struct mbx_bench_state *state, void *arg)
{
	uint32_t producer = (uint32_t)mbx_bench_thread_index(state);
	uint64_t n = 0;

	(void)arg;
	mbx_bench_bind_self(state, false);
	if (producer == 0)
		mbx_bench_wall_reset(&reference.wall, mbx_bench_threads_count(state), false);
	while (mbx_bench_keep_running(state)) {
		mbx_bench_wall_start(&reference.wall);
		while (mbx_bench_wall_running(&reference.wall, n)) {
			uint32_t id = mbx_bench_id(producer, n);
			/* The reference's closed check (acquire): pairs with a close's release; none here. */
			if (atomic_load_explicit(&reference.closed, memory_order_acquire))
				break;
			/* The reference's base (acquire): pairs with the release that would
			 * publish a move. */
			struct mbx_abi_mailbox *box =
			    (struct mbx_abi_mailbox *)atomic_load_explicit(&reference.base,
			                                                   memory_order_acquire);
			/* The reference's tail RMW (acq_rel): R-TAIL, pairs with the guest's A-TAIL. */
			uint32_t t =
			    atomic_fetch_add_explicit(&box->tail, 1u, memory_order_acq_rel);
			/* Relaxed: the reference's slot store order. */
			atomic_store_explicit(&box->ring[t % MBX_CAPACITY], id,
			                      memory_order_relaxed);
			/* The reference's flag store (release): R-FLAG. */
			atomic_store_explicit(&box->flag, 1u, memory_order_release);
			n++;
		}
		mbx_bench_wall_end(state, &reference.wall, 0);
	}
	mbx_bench_set_items_processed(state, (int64_t)n);
}

struct inline_case {
	struct mbx_memory *memory;
	struct mbx_mailbox *mailbox;
	struct mbx_fast fast;
	bool asleep;
	bool qsbr; /* enqueue_inline_qsbr/: an online QSBR producer (mbx_thread_online) */
	struct mbx_bench_wall wall;
	char name[96];
};

/*
 * Every enqueue_inline row: enqueue/'s body (mbx_bench_enqueue_loop, inlined)
 * over an adapter that calls the (variant, wake)'s inline enqueue directly.
 */
#define INLINE_BODY(variant, wake)                                                               \
	static inline enum mbx_status inline_##variant##_##wake(void *context, uint32_t id,      \
	                                                        uint64_t n)                      \
	{                                                                                        \
		struct inline_case *c = context;                                                 \
		(void)n;                                                                         \
		return mbx_enqueue_##variant##_##wake(&c->fast, id);                             \
	}                                                                                        \
	static inline enum mbx_status inline_qsbr_##variant##_##wake(void *context, uint32_t id, \
	                                                             uint64_t n)                 \
	{                                                                                        \
		if (!mbx_bench_qsbr_report(n))                                                   \
			return MBX_E_INVALID;                                                    \
		return inline_##variant##_##wake(context, id, n);                                \
	}                                                                                        \
	static void bench_inline_##variant##_##wake(struct mbx_bench_state *state, void *arg)    \
	{                                                                                        \
		struct inline_case *c = arg;                                                     \
		if (c->qsbr)                                                                     \
			mbx_bench_qsbr_enqueue_loop(                                             \
			    state, &c->wall, mbx_mailbox_region(c->mailbox),                     \
			    inline_qsbr_##variant##_##wake, c,                                   \
			    "inline enqueue or mbx_thread_quiescent failed");                    \
		else                                                                             \
			mbx_bench_enqueue_loop(state, &c->wall, mbx_mailbox_region(c->mailbox),  \
			                       c->asleep, inline_##variant##_##wake, c,          \
			                       "inline enqueue failed");                         \
	}
MBX_INLINE_ENQUEUES(INLINE_BODY)

static const struct {
	const char *variant, *wake;
	mbx_bench_fn body;
} inline_rows[] = {
#define INLINE_ROW(variant, wake) {#variant, #wake, bench_inline_##variant##_##wake},
    MBX_INLINE_ENQUEUES(INLINE_ROW)
#undef INLINE_ROW
};

#define INLINE_ROWS (sizeof(inline_rows) / sizeof(inline_rows[0]))

/* Per row: awake, asleep, and awake on an online QSBR producer. */
#define INLINE_KINDS 3
static struct inline_case cases[INLINE_KINDS * INLINE_ROWS];

/*
 * The QSBR twins: on an online QSBR producer, close waits for the thread's
 * next report, which comes after every inline enqueue it made before; so
 * the inline path's close is quiescent there too (mbx/inline.h). For the
 * variants enqueue_unquiesced/ measures (bench_main.c): the reference, the
 * corrected ring of the seed ABI and the recommended one.
 */
static bool has_qsbr_twin(const char *variant)
{
	return strcmp(variant, "seed") == 0 || strcmp(variant, "sequenced") == 0 ||
	       strcmp(variant, "announced") == 0;
}

static int setup_case(struct inline_case *c, size_t row, bool asleep, bool qsbr)
{
	struct mbx_options options = {0};

	c->asleep = asleep;
	c->qsbr = qsbr;
	if (qsbr)
		snprintf(c->name, sizeof c->name, "enqueue_inline_qsbr/%s/%s/awake/report_every:%d",
		         inline_rows[row].variant, inline_rows[row].wake,
		         MBX_BENCH_QSBR_REPORT_EVERY);
	else
		snprintf(c->name, sizeof c->name, "enqueue_inline/%s/%s/%s",
		         inline_rows[row].variant, inline_rows[row].wake,
		         asleep ? "asleep" : "awake");
	if (mbx_variant_find(inline_rows[row].variant, &options.variant) != MBX_OK ||
	    mbx_wake_find(inline_rows[row].wake, &options.wake) != MBX_OK ||
	    mbx_memory_create(&c->memory, 1, 1, MBX_GROWTH_RESERVED) != MBX_OK)
		return -1;
	if (mbx_mailbox_attach(&c->mailbox, mbx_memory_base(c->memory), mbx_memory_size(c->memory),
	                       0, &options) != MBX_OK)
		return -1;
	return mbx_mailbox_fast(c->mailbox, &c->fast) == MBX_OK ? 0 : -1;
}

int mbx_scenario_inline_register(int max_threads)
{
	struct mbx_bench *b;

	if (mbx_memory_create(&reference.memory, 1, 1, MBX_GROWTH_RESERVED) != MBX_OK)
		return -1;
	/* Relaxed (init): published to the benchmark threads by their start barrier. */
	atomic_init(&reference.base, (uintptr_t)mbx_memory_base(reference.memory));
	atomic_init(&reference.closed, false);
	b = mbx_bench_register_run("floor/reference_path", bench_reference_path, NULL, max_threads);
	if (!b)
		return -1;

	for (size_t i = 0; i < INLINE_KINDS * INLINE_ROWS; i++) {
		struct inline_case *c = &cases[i];
		size_t row = i / INLINE_KINDS, kind = i % INLINE_KINDS;
		enum mbx_wake_kind wake;

		/* asleep only where the wake policy reads the waiter word (as enqueue/) */
		if (kind == 1 && (mbx_wake_find(inline_rows[row].wake, &wake) != MBX_OK ||
		                  !mbx_bench_wake_reads_waiter(wake)))
			continue;
		if (kind == 2 && !has_qsbr_twin(inline_rows[row].variant))
			continue;
		if (setup_case(c, row, kind == 1, kind == 2) != 0) {
			fprintf(stderr, "mbx-bench: cannot set up %s\n", c->name);
			return -1;
		}
		/* 1 producer only: the dispatch is a question of the uncontended call;
		 * at 2 and 4 the shared line's traffic dwarfs it, and those 96 rows
		 * were 1.6 minutes of a full run (issue 14: make bench in 15 minutes) */
		b = mbx_bench_register_run(c->name, inline_rows[row].body, c, 1);
		if (!b)
			return -1;
	}
	return 0;
}
