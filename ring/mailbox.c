/* SPDX-License-Identifier: MIT */
/*
 * The host mailbox: attach, enqueue dispatch, close, base refresh, waker and
 * the notify policy's host-side wait.
 *
 * Orderings in this file (R-BASE, the publication of a region, is the base
 * policy's: ring/base.c, ring/urcu/rcu_base.h; the in-flight markers' edges
 * are in ring/inflight.h):
 *   R-CLOSE  close (release); pairs with A-CLOSE in enqueue, is_signalled
 *            and is_closed: whatever the closer did before closing is visible
 *            to a caller that sees the mailbox closed. closed is also the
 *            gate of the markers' protocol: an enqueue reads it after marking
 *            itself (an online QSBR thread: after its last report),
 *            close raises it before scanning the markers (and the QSBR
 *            reports), so the enqueue sees it or close waits for the
 *            enqueue to end (ring/inflight.h). When
 *            close returns, no enqueue writes guest memory or wakes the guest
 *            any more.
 *   A-SIGNAL is_signalled reads the flag with acquire; pairs with R-FLAG,
 *            the variants' release store of the flag.
 */
#include <stdlib.h>
#include <time.h>

#include <mbx/inline.h>

#include "base.h"
#include "futex.h"
#include "structure.h"
#include "variant_rows.h"

/* Checks a memory description and the mailbox region in it, in this order. */
static enum mbx_status region_check(void *memory_base, size_t memory_size, uint64_t offset)
{
	uintptr_t base = (uintptr_t)memory_base;

	if (!memory_base)
		return MBX_E_INVALID;
	if (memory_size < MBX_MAILBOX_BYTES)
		return MBX_E_TOO_SMALL;
	if (memory_size - 1u > UINTPTR_MAX - base)
		return MBX_E_INVALID; /* the last byte's address, base + size - 1, wraps */
	/* The address, not the offset: (base + offset) mod 4, without the sum overflowing. */
	if (((base % MBX_MAILBOX_ALIGN) + (offset % MBX_MAILBOX_ALIGN)) % MBX_MAILBOX_ALIGN != 0)
		return MBX_E_MISALIGNED;
	if (offset > memory_size - MBX_MAILBOX_BYTES)
		return MBX_E_OUT_OF_BOUNDS;
	return MBX_OK;
}

/* Task ids are u32 guest words and 0 means "empty": both checked before any state changes. */
static bool task_id_valid(uint64_t task_id)
{
	return task_id != MBX_TASK_ID_NONE && task_id <= UINT32_MAX;
}

static enum mbx_status notify_init(struct mbx__notify *notify)
{
	pthread_condattr_t attributes;
	int rc;

	if (pthread_condattr_init(&attributes) != 0)
		return MBX_E_SYSTEM;
	rc = pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC);
	if (rc == 0)
		rc = pthread_cond_init(&notify->cond, &attributes);
	pthread_condattr_destroy(&attributes);
	if (rc != 0)
		return MBX_E_SYSTEM;
	if (pthread_mutex_init(&notify->lock, NULL) != 0) {
		pthread_cond_destroy(&notify->cond);
		return MBX_E_SYSTEM;
	}
	notify->permit = false;
	return MBX_OK;
}

enum mbx_status mbx_mailbox_attach(struct mbx_mailbox **out, void *memory_base, size_t memory_size,
                                   uint64_t offset, const struct mbx_options *options)
{
	/* The defaults, for a field left unset on purpose (NULL, 0): see struct mbx_options. */
	const struct mbx_variant *variant = &mbx__variant_seed;
	const struct mbx_base *base = &mbx__base_atomic;
	enum mbx_wake_kind wake = MBX_WAKE_FUTEX;
	struct mbx_mailbox *mailbox;
	enum mbx_status status;

	if (!out)
		return MBX_E_INVALID;
	if (options) {
		if ((unsigned)options->wake >= MBX_WAKE_COUNT)
			return MBX_E_INVALID;
		wake = options->wake;
		/* A failed lookup's poison handle never becomes a default. */
		if (options->variant == &mbx__variant_unknown ||
		    options->base == &mbx__base_unknown)
			return MBX_E_UNKNOWN_NAME;
		if (options->variant) {
			variant = mbx__variant_row(options->variant);
			if (!variant)
				return MBX_E_INVALID;
		}
		if (options->base) {
			base = mbx__base_row(options->base);
			if (!base)
				return MBX_E_INVALID;
		}
	}
	status = region_check(memory_base, memory_size, offset);
	if (status != MBX_OK)
		return status;
	mbx__inflight_init();
	mailbox = aligned_alloc(_Alignof(struct mbx_mailbox), sizeof(*mailbox));
	if (!mailbox)
		return MBX_E_NO_MEMORY;
	mailbox->structure_state = NULL;
	status =
	    variant->structure ? variant->structure->create(&mailbox->structure_state) : MBX_OK;
	if (status == MBX_OK) {
		status = notify_init(&mailbox->notify);
		if (status != MBX_OK && variant->structure)
			variant->structure->destroy(mailbox->structure_state);
	}
	if (status != MBX_OK) {
		free(mailbox);
		return status;
	}
	/* Relaxed (init): the mailbox is published to other threads by the caller. */
	atomic_init(&mailbox->region, (uintptr_t)memory_base + (uintptr_t)offset);
	atomic_init(&mailbox->fast_words.head_seen, 0);
	atomic_init(&mailbox->closed, false);
	atomic_init(&mailbox->moving, 0);
	atomic_init(&mailbox->holder, 0);
	mailbox->variant = variant;
	mailbox->base = base;
	mailbox->wake = wake;
	mailbox->enqueue = variant->enqueue[wake];
	mailbox->offset = offset;
	*out = mailbox;
	return MBX_OK;
}

void mbx_mailbox_detach(struct mbx_mailbox *mailbox)
{
	if (!mailbox)
		return;
	if (mailbox->variant->structure)
		mailbox->variant->structure->destroy(mailbox->structure_state);
	pthread_cond_destroy(&mailbox->notify.cond);
	pthread_mutex_destroy(&mailbox->notify.lock);
	free(mailbox);
}

/* The enqueue after its argument checks: the closed gate, then the base and variant. */
static inline enum mbx_status enqueue_open(struct mbx_mailbox *mailbox, uint32_t task_id)
{
	/* A-CLOSE: pairs with R-CLOSE in mbx_mailbox_close; read after the marker (or a QSBR report). */
	if (atomic_load_explicit(&mailbox->closed, memory_order_acquire))
		return MBX_E_CLOSED;
	/* The reference's base without an indirect call, so enqueue/ measures the variant. */
	if (mailbox->base == &mbx__base_atomic)
		return mailbox->enqueue(mailbox, mbx__mailbox_box(mailbox), task_id);
	return mailbox->base->ops->enqueue(mailbox, task_id);
}

static inline enum mbx_status enqueue_arguments(const struct mbx_mailbox *mailbox, uint64_t task_id)
{
	if (!mailbox)
		return MBX_E_INVALID;
	return task_id_valid(task_id) ? MBX_OK : MBX_E_BAD_TASK_ID;
}

/*
 * mbx_enqueue off its fast paths (the marker's, and an online QSBR
 * thread's): the thread's first call (links its marker), or F-MARK is a
 * fence (no membarrier, TSan). Not inlined: inlined, its
 * registers would cost the fast path a larger frame (stores before the
 * variant's locked instruction: results/vm/close-cost/README.md).
 */
static __attribute__((noinline)) enum mbx_status enqueue_marked(struct mbx_mailbox *mailbox,
                                                                uint32_t task_id)
{
	struct mbx__inflight *self = mbx__inflight_begin(mailbox); /* the marker, F-MARK */
	enum mbx_status status = enqueue_open(mailbox, task_id);

	mbx__inflight_end(self); /* R-DONE */
	return status;
}

/*
 * mbx_enqueue on a thread that is not an online QSBR thread: the marker.
 * Not inlined: the marker's frame (one push, a store) would otherwise be
 * set up before the QSBR test too, and an online thread would pay it.
 */
static __attribute__((noinline)) enum mbx_status enqueue_marker(struct mbx_mailbox *mailbox,
                                                                uint32_t task_id)
{
	enum mbx_status status;

	if (!mbx__inflight_try_begin(mailbox)) /* the marker, F-MARK */
		return enqueue_marked(mailbox, task_id);
	status = enqueue_open(mailbox, task_id);
	mbx__inflight_end_self(); /* R-DONE */
	return status;
}

enum mbx_status mbx_enqueue(struct mbx_mailbox *mailbox, uint64_t task_id)
{
	enum mbx_status status = enqueue_arguments(mailbox, task_id);

	if (status != MBX_OK)
		return status;
	/*
	 * An online QSBR thread: no marker, no frame; its reports' F-QS pairs
	 * with F-SCAN (ring/inflight.h). Nothing is stored before the variant's
	 * claim (results/vm/close-cost/README.md).
	 */
	if (mbx__inflight_qsbr_online())
		return enqueue_open(mailbox, (uint32_t)task_id);
	return enqueue_marker(mailbox, (uint32_t)task_id);
}

enum mbx_status mbx__enqueue_unquiesced(struct mbx_mailbox *mailbox, uint64_t task_id)
{
	enum mbx_status status = enqueue_arguments(mailbox, task_id);

	return status == MBX_OK ? enqueue_open(mailbox, (uint32_t)task_id) : status;
}

void mbx__notify_signal(struct mbx__notify *notify)
{
	pthread_mutex_lock(&notify->lock);
	notify->permit = true;
	pthread_cond_signal(&notify->cond);
	pthread_mutex_unlock(&notify->lock);
}

enum mbx_status mbx_mailbox_close(struct mbx_mailbox *mailbox)
{
	if (!mailbox)
		return MBX_E_INVALID;
	/* R-CLOSE: pairs with A-CLOSE in mbx_enqueue and mbx_mailbox_is_closed. */
	atomic_store_explicit(&mailbox->closed, true, memory_order_release);
	/*
	 * Producers an RCU base holds off: 2 makes a FUTEX_WAIT on 1 return at
	 * once, the wake ends the ones asleep; they re-mark, read R-CLOSE and
	 * return MBX_E_CLOSED (ring/urcu/rcu_base.h). Relaxed: the futex word
	 * only; what they read after waking is ordered by F-MARK and A-CLOSE.
	 */
	if (atomic_exchange_explicit(&mailbox->moving, 2u, memory_order_relaxed) == 1u)
		mbx__futex_wake_all(&mailbox->moving, false);
	/*
	 * F-SCAN, A-SCAN: every marked enqueue that did not see R-CLOSE has
	 * returned; A-QS: every online QSBR thread reported (or went offline)
	 * since, so its enqueues that did not see R-CLOSE have returned too.
	 */
	mbx__inflight_wait(mailbox);
	mbx__notify_signal(&mailbox->notify);
	return MBX_OK;
}

bool mbx_mailbox_is_closed(const struct mbx_mailbox *mailbox)
{
	if (!mailbox)
		return true;
	/* A-CLOSE: pairs with R-CLOSE in mbx_mailbox_close. */
	return atomic_load_explicit(&mailbox->closed, memory_order_acquire);
}

enum mbx_status mbx_mailbox_is_signalled(const struct mbx_mailbox *mailbox, bool *signalled)
{
	struct mbx__inflight *self;
	struct mbx_abi_mailbox *box;
	enum mbx_status status = MBX_OK;
	bool flag = false;

	if (!mailbox || !signalled)
		return MBX_E_INVALID;
	/*
	 * Marked, not an RCU read-side section: never registers with liburcu,
	 * never sleeps. An RCU base's hold raises region = 0 as the gate and
	 * waits for the markers (rcu_hold), so the block read here is not
	 * released under us.
	 */
	self = mbx__inflight_begin(mailbox); /* the marker, F-MARK */
	box = mbx__mailbox_box(mailbox);     /* A-BASE, after F-MARK */
	/* A-CLOSE: pairs with R-CLOSE. */
	if (atomic_load_explicit(&mailbox->closed, memory_order_acquire))
		status = MBX_E_CLOSED;
	else if (!box)
		status = MBX_E_BUSY; /* an RCU base is held: the flag is being moved */
	else
		flag = mbx__mailbox_flag_raised(box); /* A-SIGNAL */
	mbx__inflight_end(self);                      /* R-DONE */
	*signalled = flag;
	return status;
}

enum mbx_status mbx_mailbox_refresh_base(struct mbx_mailbox *mailbox, void *memory_base,
                                         size_t memory_size)
{
	enum mbx_status status;

	if (!mailbox)
		return MBX_E_INVALID;
	status = region_check(memory_base, memory_size, mailbox->offset);
	if (status != MBX_OK)
		return status;
	mailbox->base->ops->publish(mailbox, (uintptr_t)memory_base + (uintptr_t)mailbox->offset);
	return MBX_OK;
}

struct mbx_abi_mailbox *mbx_mailbox_region(const struct mbx_mailbox *mailbox)
{
	return mailbox ? mbx__mailbox_box(mailbox) : NULL;
}

enum mbx_status mbx_mailbox_fast(struct mbx_mailbox *mailbox, struct mbx_fast *out)
{
	if (!mailbox || !out || mailbox->base != &mbx__base_atomic || mailbox->variant->structure)
		return MBX_E_INVALID;
	*out = (struct mbx_fast){
	    .region = &mailbox->region, .closed = &mailbox->closed, .mailbox = mailbox};
	return MBX_OK;
}

const struct mbx_variant *mbx_mailbox_variant(const struct mbx_mailbox *mailbox)
{
	return mailbox ? mailbox->variant : NULL;
}

const struct mbx_base *mbx_mailbox_base(const struct mbx_mailbox *mailbox)
{
	return mailbox ? mailbox->base : NULL;
}

enum mbx_wake_kind mbx_mailbox_wake(const struct mbx_mailbox *mailbox)
{
	return mailbox ? mailbox->wake : MBX_WAKE_COUNT;
}

uint32_t mbx_mailbox_host_take(struct mbx_mailbox *mailbox, mbx_deliver_fn deliver, void *context)
{
	if (!mailbox || !deliver || !mailbox->variant->structure)
		return 0;
	return mailbox->variant->structure->take(mailbox->structure_state, deliver, context);
}

bool mbx_mailbox_host_pending(const struct mbx_mailbox *mailbox)
{
	if (!mailbox || !mailbox->variant->structure)
		return false;
	return mailbox->variant->structure->pending(mailbox->structure_state);
}

enum mbx_status mbx_mailbox_wait_for_signal(struct mbx_mailbox *mailbox, uint64_t timeout_ns)
{
	struct mbx__notify *notify;
	struct timespec deadline;
	enum mbx_status status = MBX_OK;
	int rc = 0;

	if (!mailbox)
		return MBX_E_INVALID;
	notify = &mailbox->notify;
	clock_gettime(CLOCK_MONOTONIC, &deadline);
	deadline.tv_sec += (time_t)(timeout_ns / 1000000000u);
	deadline.tv_nsec += (long)(timeout_ns % 1000000000u);
	if (deadline.tv_nsec >= 1000000000L) {
		deadline.tv_sec++;
		deadline.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&notify->lock);
	while (!notify->permit && rc == 0)
		rc = pthread_cond_timedwait(&notify->cond, &notify->lock, &deadline);
	if (notify->permit)
		notify->permit = false;
	else
		status = MBX_E_TIMEOUT;
	pthread_mutex_unlock(&notify->lock);
	return status;
}

enum mbx_status mbx_waker_init(struct mbx_waker *waker, struct mbx_mailbox *mailbox,
                               uint64_t task_id)
{
	if (!waker || !mailbox)
		return MBX_E_INVALID;
	if (!task_id_valid(task_id))
		return MBX_E_BAD_TASK_ID;
	waker->mailbox = mailbox;
	waker->task_id = (uint32_t)task_id;
	return MBX_OK;
}

enum mbx_status mbx_waker_wake(const struct mbx_waker *waker)
{
	if (!waker)
		return MBX_E_INVALID;
	return mbx_enqueue(waker->mailbox, waker->task_id);
}
