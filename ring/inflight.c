/* SPDX-License-Identifier: MIT */
/*
 * The in-flight registry, the waiter's side of the markers and of the QSBR
 * reports, and the public mbx_thread_* calls; the protocol and its edges
 * (the caller's F-MARK and R-DONE, a QSBR thread's R-QS and F-QS, the
 * waiter's F-SCAN, A-SCAN and A-QS) are in ring/inflight.h.
 */
#include <linux/membarrier.h>
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <mbx/mailbox.h>

#include "inflight.h"

_Thread_local struct mbx__inflight mbx__inflight_self __attribute__((tls_model("initial-exec")));
bool mbx__inflight_fenced = true;

static pthread_mutex_t registry_lock = PTHREAD_MUTEX_INITIALIZER;
static struct mbx__inflight *registry; /* under registry_lock */
static pthread_once_t init_once = PTHREAD_ONCE_INIT;
static pthread_key_t exit_key;

static long membarrier(int command)
{
	return syscall(__NR_membarrier, command, 0u, 0);
}

static void unlink_at_exit(void *marker)
{
	struct mbx__inflight *self = marker;

	if (self->path == MBX__PATH_QSBR)
		mbx__inflight_offline(self); /* R-QS: a waiter holding the lock stops waiting */
	pthread_mutex_lock(&registry_lock);
	for (struct mbx__inflight **link = &registry; *link; link = &(*link)->next) {
		if (*link == self) {
			*link = self->next;
			break;
		}
	}
	pthread_mutex_unlock(&registry_lock);
	/* A call from a later destructor links the marker again (pthread runs the key's again). */
	self->linked = false;
	self->path = MBX__PATH_SLOW;
}

static void init(void)
{
	long commands = membarrier(MEMBARRIER_CMD_QUERY);

	if (pthread_key_create(&exit_key, unlink_at_exit) != 0)
		abort(); /* without it an exited thread's marker would stay in the registry */
#ifndef MBX_TSAN_BUILD
	/* ThreadSanitizer does not see membarrier: keep the fences it can reason about. */
	if (commands > 0 && (commands & MEMBARRIER_CMD_PRIVATE_EXPEDITED) &&
	    membarrier(MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED) == 0)
		mbx__inflight_fenced = false;
#else
	(void)commands;
#endif
}

void mbx__inflight_init(void)
{
	pthread_once(&init_once, init);
}

void mbx__inflight_link(struct mbx__inflight *self)
{
	mbx__inflight_init(); /* already done by attach; cheap, and keeps link self-contained */
	pthread_mutex_lock(&registry_lock);
	self->next = registry;
	registry = self;
	pthread_mutex_unlock(&registry_lock);
	if (pthread_setspecific(exit_key, self) != 0)
		abort();
	self->linked = true;
	/* Read after init: attach ran it before any mailbox reached this thread. */
	self->path = mbx__inflight_marker_path();
}

/* A-QS: pairs with R-QS in the reports, online and offline. */
static unsigned long reported(const struct mbx__inflight *thread)
{
	return atomic_load_explicit(&thread->quiescent, memory_order_acquire);
}

void mbx__inflight_wait(const struct mbx_mailbox *mailbox)
{
	struct mbx__inflight *self = &mbx__inflight_self;
	/* An online QSBR waiter is quiescent while it waits: offline, so no waiter waits for it. */
	bool paused = mbx__inflight_qsbr_pause(self); /* R-QS */

	/* F-SCAN: the gate store before every caller's next barrier; pairs with F-MARK, F-QS. */
	atomic_thread_fence(memory_order_seq_cst);
	if (!mbx__inflight_fenced && membarrier(MEMBARRIER_CMD_PRIVATE_EXPEDITED) != 0)
		abort(); /* registered in init: cannot fail */
	atomic_thread_fence(memory_order_seq_cst);
	pthread_mutex_lock(&registry_lock);
	for (struct mbx__inflight *other = registry; other; other = other->next) {
		unsigned long snapshot;

		if (other == self)
			continue; /* a waiter inside its own call (a signal handler) must not wait for itself */
		/* A-SCAN: pairs with R-DONE. */
		while (atomic_load_explicit(&other->mailbox, memory_order_acquire) == mailbox)
			sched_yield();
		/* An online QSBR thread: wait for its next report, or offline (0). A-QS. */
		snapshot = reported(other);
		while (snapshot != 0 && reported(other) == snapshot)
			sched_yield();
	}
	pthread_mutex_unlock(&registry_lock);
	mbx__inflight_qsbr_resume(self, paused); /* R-QS, F-QS: online again */
}

enum mbx_status mbx_thread_online(void)
{
	struct mbx__inflight *self = &mbx__inflight_self;

	if (self->path == MBX__PATH_QSBR)
		return MBX_E_INVALID; /* already online: nothing changes */
	if (!self->linked)
		mbx__inflight_link(self);
	mbx__inflight_online(self); /* R-QS, F-QS, then unmarked calls */
	return MBX_OK;
}

enum mbx_status mbx_thread_quiescent(void)
{
	struct mbx__inflight *self = &mbx__inflight_self;

	if (self->path != MBX__PATH_QSBR)
		return MBX_E_INVALID; /* not online: nothing to report */
	mbx__inflight_report(self);   /* R-QS, F-QS */
	return MBX_OK;
}

enum mbx_status mbx_thread_offline(void)
{
	struct mbx__inflight *self = &mbx__inflight_self;

	if (self->path != MBX__PATH_QSBR)
		return MBX_E_INVALID; /* not online: nothing changes */
	mbx__inflight_offline(self);  /* R-QS */
	return MBX_OK;
}
