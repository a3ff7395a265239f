/* SPDX-License-Identifier: MIT */
/*
 * No self-deadlock (issue 12, item 5), on every RCU base: the thread that
 * holds the base gets MBX_E_BUSY from enqueue, is_signalled, the guest's
 * drain and wait, instead of waiting for its own publish (or reading NULL);
 * is_signalled on another thread answers MBX_E_BUSY too, without sleeping
 * and without registering that thread with liburcu; nothing is written. A
 * watchdog turns a hang into a failure (the calls take microseconds; the
 * watchdog's 10 s is a hang detector, not a speed target).
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <mbx/guest.h>
#include <mbx/mailbox.h>

#include "check.h"

#define MEMORY_BYTES 4096u

static pthread_mutex_t watchdog_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t watchdog_cond = PTHREAD_COND_INITIALIZER;
static bool watchdog_done;

static void *watchdog(void *unused)
{
	struct timespec deadline;

	(void)unused;
	clock_gettime(CLOCK_REALTIME, &deadline);
	deadline.tv_sec += 10;
	pthread_mutex_lock(&watchdog_lock);
	while (!watchdog_done) {
		if (pthread_cond_timedwait(&watchdog_cond, &watchdog_lock, &deadline) != 0 &&
		    !watchdog_done) {
			fprintf(stderr, "hold_thread_test: a call on the holding thread hung\n");
			abort();
		}
	}
	pthread_mutex_unlock(&watchdog_lock);
	return NULL;
}

static void ignore_id(void *context, uint32_t task_id, bool overflowed)
{
	(void)context;
	(void)task_id;
	(void)overflowed;
}

struct elsewhere {
	struct mbx_mailbox *mailbox;
	enum mbx_status status;
	bool signalled;
};

static void *is_signalled_elsewhere(void *argument)
{
	struct elsewhere *e = argument;

	e->status = mbx_mailbox_is_signalled(e->mailbox, &e->signalled);
	return NULL;
}

static uint64_t now_ns(void)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (uint64_t)now.tv_sec * 1000000000u + (uint64_t)now.tv_nsec;
}

static void holder_gets_busy(const struct mbx_base *base)
{
	static unsigned char snapshot[MEMORY_BYTES];
	struct mbx_options options = {.wake = MBX_WAKE_FUTEX, .base = base};
	unsigned char *memory = calloc(1, MEMORY_BYTES);
	struct mbx_mailbox *mailbox;
	struct mbx_guest guest;
	bool signalled = true;
	uint32_t taken = 42;
	struct elsewhere elsewhere = {.signalled = true};
	pthread_t thread;
	uint64_t start;

	CHECK_STATUS(mbx_variant_find("sequenced", &options.variant), MBX_OK);
	CHECK_STATUS(mbx_mailbox_attach(&mailbox, memory, MEMORY_BYTES, 0, &options), MBX_OK);
	CHECK_STATUS(mbx_guest_init(&guest, mailbox, MBX_GUEST_CORRECTED, ignore_id, NULL), MBX_OK);
	CHECK_STATUS(mbx_enqueue(mailbox, 1), MBX_OK);
	CHECK_STATUS(mbx_mailbox_hold_base(mailbox), MBX_OK);
	memcpy(snapshot, memory, MEMORY_BYTES);

	start = now_ns();
	CHECK_STATUS(mbx_enqueue(mailbox, 2), MBX_E_BUSY);
	CHECK_STATUS(mbx_mailbox_is_signalled(mailbox, &signalled), MBX_E_BUSY);
	CHECK(!signalled);
	CHECK_STATUS(mbx_guest_drain(&guest, &taken), MBX_E_BUSY);
	CHECK_EQ(taken, 42);
	CHECK_STATUS(mbx_guest_wait(&guest, 1000000000u), MBX_E_BUSY);
	elsewhere.mailbox = mailbox;
	pthread_create(&thread, NULL, is_signalled_elsewhere, &elsewhere);
	pthread_join(thread, NULL);
	CHECK_STATUS(elsewhere.status, MBX_E_BUSY);
	CHECK(!elsewhere.signalled);
	printf("  %-9s holder: enqueue, is_signalled, drain, wait answered MBX_E_BUSY "
	       "(%llu us with a second thread's is_signalled)\n",
	       mbx_base_name(base), (unsigned long long)((now_ns() - start) / 1000u));
	CHECK(memcmp(snapshot, memory, MEMORY_BYTES) == 0);

	/* Published again (the memory did not move): everything works as before. */
	CHECK_STATUS(mbx_mailbox_refresh_base(mailbox, memory, MEMORY_BYTES), MBX_OK);
	CHECK_STATUS(mbx_enqueue(mailbox, 2), MBX_OK);
	CHECK_STATUS(mbx_mailbox_is_signalled(mailbox, &signalled), MBX_OK);
	CHECK(signalled);
	CHECK_STATUS(mbx_guest_drain(&guest, &taken), MBX_OK);
	CHECK_EQ(taken, 2);
	CHECK_STATUS(mbx_mailbox_close(mailbox), MBX_OK);
	mbx_mailbox_detach(mailbox);
	free(memory);
}

static void holding_thread_gets_busy_on_every_rcu_base(void)
{
	size_t tested = 0;

	for (size_t b = 0; b < mbx_base_count(); b++) {
		const struct mbx_base *base = mbx_base_at(b);

		if (!mbx_base_is_rcu(base) || check_skip_opaque_to_tsan(true, mbx_base_name(base)))
			continue;
		holder_gets_busy(base);
		tested++;
	}
	if (tested == 0)
		printf("  no RCU base in this build (or under TSan): nothing to hold\n");
}

int main(void)
{
	pthread_t dog;

	pthread_create(&dog, NULL, watchdog, NULL);
	RUN_CASE(holding_thread_gets_busy_on_every_rcu_base);
	pthread_mutex_lock(&watchdog_lock);
	watchdog_done = true;
	pthread_cond_signal(&watchdog_cond);
	pthread_mutex_unlock(&watchdog_lock);
	pthread_join(dog, NULL);
	return CHECK_EXIT();
}
