/* SPDX-License-Identifier: MIT */
/*
 * Close with QSBR producers (mbx_thread_online / _quiescent / _offline;
 * ring/inflight.h), on every base:
 *   - QSBR producers (beside a marker producer) enqueue in a loop and report
 *     a quiescent state every REPORT_EVERY ids while close is called (under
 *     the atomic base one of them through the inline enqueue of
 *     <mbx/inline.h>, which close covers on an online thread): once
 *     close has returned the guest memory never changes again, and every
 *     producer stops with MBX_E_CLOSED. Under ASan, every other round frees
 *     the memory as soon as close returns (a late write is a
 *     heap-use-after-free report).
 *   - an offline QSBR thread, parked, does not block close; nor does a
 *     thread that went online and exited without going offline; two online
 *     threads that close at once do not wait for each other.
 *   - under an RCU base, hold returns with QSBR producers that report (the
 *     ones it holds off sleep offline), the old block never changes after
 *     hold returned, and close ends them with MBX_E_CLOSED.
 *   - bad input: the statuses of each call twice, out of order, and from a
 *     thread that never went online.
 * A QSBR thread that never reports would make close block forever (the
 * contract): no case here builds one.
 */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include <mbx/inline.h>
#include <mbx/mailbox.h>

#include "check.h"

#define PRODUCERS    3 /* 0 and 1 QSBR (1 inline under the atomic base), 2 marked */
#define QSBR_THREADS 2
#define REPORT_EVERY 16
#define MEMORY_BYTES 4096u

struct rig {
	struct mbx_mailbox *mailbox;
	unsigned char *memory;
	struct mbx_fast fast; /* the inline view: the atomic base only (mbx_mailbox_fast) */
	bool inline_view;
	_Atomic uint64_t enqueued;
	_Atomic int started;
	/* Each producer's, read after the join (CHECK is not thread-safe: the main thread checks). */
	enum mbx_status last[PRODUCERS];
	enum mbx_status online[PRODUCERS];
	enum mbx_status offline[PRODUCERS];
	uint64_t failed_reports[PRODUCERS];
};

struct producer {
	struct rig *rig;
	int index;
};

/* Enqueues until a status other than MBX_OK; QSBR producers report every REPORT_EVERY ids. */
static void *produce(void *argument)
{
	struct producer *p = argument;
	struct rig *rig = p->rig;
	bool qsbr = p->index < QSBR_THREADS;
	uint32_t id = (uint32_t)p->index << 24;
	enum mbx_status status;

	rig->online[p->index] = qsbr ? mbx_thread_online() : MBX_OK;
	atomic_fetch_add(&rig->started, 1);
	bool inline_call = p->index == 1 && rig->inline_view;

	for (uint64_t n = 1;
	     (status = inline_call ? mbx_enqueue_seed_spin(&rig->fast, ++id | 1u)
	                           : mbx_enqueue(rig->mailbox, ++id | 1u)) == MBX_OK;
	     n++) {
		atomic_fetch_add_explicit(&rig->enqueued, 1, memory_order_relaxed);
		if (qsbr && n % REPORT_EVERY == 0 && mbx_thread_quiescent() != MBX_OK)
			rig->failed_reports[p->index]++;
	}
	rig->last[p->index] = status;
	rig->offline[p->index] = qsbr ? mbx_thread_offline() : MBX_OK;
	return NULL;
}

static void start(struct rig *rig, const struct mbx_base *base, pthread_t *threads,
                  struct producer *producers)
{
	struct mbx_options options = {.wake = MBX_WAKE_SPIN, .base = base};

	/* seed overwrites: never full, so producers write guest memory until closed. */
	CHECK_STATUS(mbx_variant_find("seed", &options.variant), MBX_OK);
	rig->memory = calloc(1, MEMORY_BYTES);
	CHECK(rig->memory != NULL);
	atomic_init(&rig->enqueued, 0);
	atomic_init(&rig->started, 0);
	CHECK_STATUS(mbx_mailbox_attach(&rig->mailbox, rig->memory, MEMORY_BYTES, 64, &options),
	             MBX_OK);
	rig->inline_view = mbx_mailbox_fast(rig->mailbox, &rig->fast) == MBX_OK;
	CHECK(rig->inline_view == (strcmp(mbx_base_name(base), "atomic") == 0));
	for (int i = 0; i < PRODUCERS; i++) {
		producers[i] = (struct producer){.rig = rig, .index = i};
		rig->last[i] = MBX_OK;
		rig->failed_reports[i] = 0;
		pthread_create(&threads[i], NULL, produce, &producers[i]);
	}
}

static void wait_started(struct rig *rig, uint64_t enqueued)
{
	while (atomic_load(&rig->started) < PRODUCERS ||
	       atomic_load_explicit(&rig->enqueued, memory_order_relaxed) < enqueued)
		sched_yield();
}

static void stop(struct rig *rig, pthread_t *threads)
{
	for (int i = 0; i < PRODUCERS; i++) {
		pthread_join(threads[i], NULL);
		CHECK_STATUS(rig->last[i], MBX_E_CLOSED);
		CHECK_STATUS(rig->online[i], MBX_OK);
		CHECK_STATUS(rig->offline[i], MBX_OK);
		CHECK_EQ(rig->failed_reports[i], 0u);
	}
	CHECK_STATUS(mbx_enqueue(rig->mailbox, 7), MBX_E_CLOSED);
	mbx_mailbox_detach(rig->mailbox); /* after close: safe */
}

static unsigned rounds(void)
{
	return (unsigned)check_stress_ids(50, 20);
}

static void memory_never_changes_after_close_returns(const struct mbx_base *base)
{
	static unsigned char snapshot[MEMORY_BYTES];
	uint64_t total = 0;

	for (unsigned round = 0; round < rounds(); round++) {
		struct producer producers[PRODUCERS];
		pthread_t threads[PRODUCERS];
		struct rig rig;
		bool free_at_once = false;

#if defined(MBX_ASAN_BUILD)
		free_at_once = round % 2 == 1;
#endif
		start(&rig, base, threads, producers);
		wait_started(&rig, 200);
		CHECK_STATUS(mbx_mailbox_close(rig.mailbox), MBX_OK);
		if (free_at_once) {
			free(rig.memory); /* a write from here on is ASan's heap-use-after-free */
			rig.memory = NULL;
		} else {
			memcpy(snapshot, rig.memory, MEMORY_BYTES);
		}
		total += atomic_load(&rig.enqueued);
		stop(&rig, threads);
		if (!free_at_once) {
			CHECK(memcmp(snapshot, rig.memory, MEMORY_BYTES) == 0);
			free(rig.memory);
		}
	}
	printf("  %-9s %u closes under %d QSBR and %d marked producers (%llu ids before close): "
	       "memory still after each\n",
	       mbx_base_name(base), rounds(), QSBR_THREADS, PRODUCERS - QSBR_THREADS,
	       (unsigned long long)total);
}

static void close_under_qsbr_producers_on_every_base(void)
{
	for (size_t b = 0; b < mbx_base_count(); b++) {
		const struct mbx_base *base = mbx_base_at(b);

		if (check_skip_opaque_to_tsan(mbx_base_is_rcu(base), mbx_base_name(base)))
			continue;
		memory_never_changes_after_close_returns(base);
	}
}

/* A thread parked after it went online and offline again; released after close. */
struct parked {
	_Atomic int state; /* 1: offline and parked; 2: released */
	enum mbx_status online, offline, quiescent_after;
};

static void *go_offline_and_park(void *argument)
{
	struct parked *p = argument;

	p->online = mbx_thread_online();
	p->offline = mbx_thread_offline();
	atomic_store(&p->state, 1);
	while (atomic_load(&p->state) != 2)
		sched_yield();
	p->quiescent_after = mbx_thread_quiescent(); /* offline: nothing to report */
	return NULL;
}

static void *online_and_exit(void *argument)
{
	struct rig *rig = argument;

	rig->last[0] = mbx_thread_online();
	rig->last[1] = mbx_enqueue(rig->mailbox, 5);
	return NULL; /* exits online: the thread's key destructor takes it offline */
}

static struct mbx_mailbox *attach_default(unsigned char *memory)
{
	struct mbx_mailbox *mailbox;

	CHECK_STATUS(mbx_mailbox_attach(&mailbox, memory, MEMORY_BYTES, 0, NULL), MBX_OK);
	return mailbox;
}

/* Would hang (the test's timeout) if close waited for a thread that is not online. */
static void offline_and_exited_qsbr_threads_do_not_block_close(void)
{
	static unsigned char memory[MEMORY_BYTES];
	struct parked parked = {.state = 0};
	struct rig rig = {.mailbox = attach_default(memory)};
	pthread_t thread, exiting;

	pthread_create(&thread, NULL, go_offline_and_park, &parked);
	while (atomic_load(&parked.state) != 1)
		sched_yield();
	pthread_create(&exiting, NULL, online_and_exit, &rig);
	/* The parked thread is offline; the other may be online now, but it exits. */
	CHECK_STATUS(mbx_mailbox_close(rig.mailbox), MBX_OK);
	atomic_store(&parked.state, 2);
	pthread_join(thread, NULL);
	pthread_join(exiting, NULL);
	CHECK_STATUS(rig.last[0], MBX_OK);
	CHECK_STATUS(parked.online, MBX_OK);
	CHECK_STATUS(parked.offline, MBX_OK);
	CHECK_STATUS(parked.quiescent_after, MBX_E_INVALID);
	mbx_mailbox_detach(rig.mailbox);
}

/* A thread that exits online, joined: a later close does not wait for it. */
static void thread_that_exits_online_does_not_block_close(void)
{
	static unsigned char memory[MEMORY_BYTES];
	struct rig rig = {.mailbox = attach_default(memory)};
	pthread_t thread;

	pthread_create(&thread, NULL, online_and_exit, &rig);
	pthread_join(thread, NULL);
	CHECK_STATUS(rig.last[0], MBX_OK);
	CHECK_STATUS(rig.last[1], MBX_OK);
	CHECK_STATUS(mbx_mailbox_close(rig.mailbox), MBX_OK);
	mbx_mailbox_detach(rig.mailbox);
}

/* Two online threads close their own mailboxes at once: each is quiescent for the other's wait. */
struct closer {
	struct mbx_mailbox *mailbox;
	_Atomic int *ready;
	enum mbx_status online, close, enqueue, quiescent, online_again, offline;
};

static void *online_close(void *argument)
{
	struct closer *c = argument;

	c->online = mbx_thread_online();
	c->enqueue = mbx_enqueue(c->mailbox, 9);
	atomic_fetch_add(c->ready, 1);
	while (atomic_load(c->ready) < 2)
		sched_yield();
	c->close = mbx_mailbox_close(c->mailbox);
	c->quiescent = mbx_thread_quiescent(); /* still online after its own close */
	c->online_again = mbx_thread_online();
	c->offline = mbx_thread_offline();
	return NULL;
}

static void online_threads_closing_at_once_do_not_wait_for_each_other(void)
{
	static unsigned char memory[2][MEMORY_BYTES];
	_Atomic int ready = 0;
	struct closer closers[2];
	pthread_t threads[2];

	for (int i = 0; i < 2; i++) {
		closers[i] = (struct closer){.mailbox = attach_default(memory[i]), .ready = &ready};
		pthread_create(&threads[i], NULL, online_close, &closers[i]);
	}
	for (int i = 0; i < 2; i++) {
		pthread_join(threads[i], NULL);
		CHECK_STATUS(closers[i].online, MBX_OK);
		CHECK_STATUS(closers[i].enqueue, MBX_OK);
		CHECK_STATUS(closers[i].close, MBX_OK);
		CHECK_STATUS(closers[i].quiescent, MBX_OK);
		CHECK_STATUS(closers[i].online_again, MBX_E_INVALID);
		CHECK_STATUS(closers[i].offline, MBX_OK);
		CHECK_STATUS(mbx_enqueue(closers[i].mailbox, 9), MBX_E_CLOSED);
		mbx_mailbox_detach(closers[i].mailbox);
	}
}

/* Each call twice, out of order, and from a thread never online; nothing changes on error. */
static void *statuses(void *argument)
{
	static unsigned char memory[MEMORY_BYTES];
	struct mbx_mailbox *mailbox = attach_default(memory);

	(void)argument;
	CHECK_STATUS(mbx_thread_quiescent(), MBX_E_INVALID); /* never online */
	CHECK_STATUS(mbx_thread_offline(), MBX_E_INVALID);
	CHECK_STATUS(mbx_enqueue(mailbox, 1), MBX_OK); /* marked */
	CHECK_STATUS(mbx_thread_online(), MBX_OK);
	CHECK_STATUS(mbx_thread_online(), MBX_E_INVALID); /* twice: still online */
	CHECK_STATUS(mbx_enqueue(mailbox, 2), MBX_OK);    /* unmarked */
	CHECK_STATUS(mbx_thread_quiescent(), MBX_OK);
	CHECK_STATUS(mbx_thread_quiescent(), MBX_OK); /* twice: two reports, both fine */
	CHECK_STATUS(mbx_enqueue(mailbox, 0), MBX_E_BAD_TASK_ID);
	CHECK_STATUS(mbx_enqueue(NULL, 3), MBX_E_INVALID);
	CHECK_STATUS(mbx_thread_offline(), MBX_OK);
	CHECK_STATUS(mbx_thread_offline(), MBX_E_INVALID); /* twice */
	CHECK_STATUS(mbx_thread_quiescent(), MBX_E_INVALID);
	CHECK_STATUS(mbx_enqueue(mailbox, 3), MBX_OK);    /* marked again */
	CHECK_STATUS(mbx_thread_online(), MBX_OK);        /* online again after offline */
	CHECK_STATUS(mbx_mailbox_close(mailbox), MBX_OK); /* its own close: no wait for itself */
	CHECK_STATUS(mbx_enqueue(mailbox, 4), MBX_E_CLOSED);
	CHECK_STATUS(mbx_thread_offline(), MBX_OK);
	CHECK_EQ(memory[16 + 4 * 3], 0u); /* ids 1..3 landed in slots 0..2, nothing after close */
	CHECK_EQ(memory[16 + 4 * 2], 3u);
	mbx_mailbox_detach(mailbox);
	return NULL;
}

static void statuses_of_each_call_twice_and_out_of_order(void)
{
	pthread_t thread;

	pthread_create(&thread, NULL, statuses, NULL); /* a fresh thread: never online before */
	pthread_join(thread, NULL);
}

/* RCU bases: hold returns with QSBR producers that report, and the old block stays still. */
static void hold_with_reporting_qsbr_producers_on_every_rcu_base(void)
{
	static unsigned char snapshot[MEMORY_BYTES];

	if (check_skip_without_liburcu()) /* every RCU base is built on liburcu */
		return;
	for (size_t b = 0; b < mbx_base_count(); b++) {
		const struct mbx_base *base = mbx_base_at(b);
		struct producer producers[PRODUCERS];
		pthread_t threads[PRODUCERS];
		unsigned char *moved;
		struct rig rig;

		if (!mbx_base_is_rcu(base))
			continue;
		start(&rig, base, threads, producers);
		for (int move = 0; move < 20; move++) {
			wait_started(&rig, atomic_load(&rig.enqueued) + 100);
			CHECK_STATUS(mbx_mailbox_hold_base(rig.mailbox), MBX_OK);
			memcpy(snapshot, rig.memory, MEMORY_BYTES);
			moved = malloc(MEMORY_BYTES);
			CHECK(moved != NULL);
			memcpy(moved, rig.memory, MEMORY_BYTES);
			sched_yield(); /* the producers run against the held base: no write lands */
			CHECK(memcmp(snapshot, rig.memory, MEMORY_BYTES) == 0);
			CHECK_STATUS(mbx_mailbox_refresh_base(rig.mailbox, moved, MEMORY_BYTES),
			             MBX_OK);
			free(rig.memory); /* the old block: ASan reports a late write */
			rig.memory = moved;
		}
		CHECK_STATUS(mbx_mailbox_close(rig.mailbox), MBX_OK);
		memcpy(snapshot, rig.memory, MEMORY_BYTES);
		stop(&rig, threads);
		CHECK(memcmp(snapshot, rig.memory, MEMORY_BYTES) == 0);
		free(rig.memory);
		printf("  %-9s 20 moves and a close under %d QSBR and %d marked producers\n",
		       mbx_base_name(base), QSBR_THREADS, PRODUCERS - QSBR_THREADS);
	}
}

int main(int argc, char **argv)
{
	CHECK_MAIN(argc, argv);
	RUN_CASE(close_under_qsbr_producers_on_every_base);
	RUN_CASE(offline_and_exited_qsbr_threads_do_not_block_close);
	RUN_CASE(thread_that_exits_online_does_not_block_close);
	RUN_CASE(online_threads_closing_at_once_do_not_wait_for_each_other);
	RUN_CASE(statuses_of_each_call_twice_and_out_of_order);
	RUN_CASE(hold_with_reporting_qsbr_producers_on_every_rcu_base);
	return CHECK_EXIT();
}
