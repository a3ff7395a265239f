/* SPDX-License-Identifier: MIT */
/*
 * The host mailbox: attach, enqueue dispatch, close, base refresh, waker and
 * the notify policy's host-side wait.
 *
 * Orderings in this file (R-BASE, the publication of a region, is the base
 * policy's: ring/base.c, ring/urcu/rcu_base.h):
 *   R-CLOSE  close (release); pairs with A-CLOSE in enqueue and is_closed:
 *            whatever the closer did before closing is visible to a caller
 *            that sees the mailbox closed.
 *   A-SIGNAL is_signalled reads the flag with acquire; pairs with R-FLAG,
 *            the variants' release store of the flag.
 */
#include <stdlib.h>
#include <time.h>

#include "base.h"
#include "structure.h"
#include "variant_rows.h"

static enum mbx_status region_check(void *memory_base, size_t memory_size, uint64_t offset)
{
	if (!memory_base)
		return MBX_E_INVALID;
	if (memory_size < MBX_MAILBOX_BYTES)
		return MBX_E_TOO_SMALL;
	if (offset % MBX_MAILBOX_ALIGN != 0)
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
	atomic_init(&mailbox->closed, false);
	atomic_init(&mailbox->moving, 0);
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

enum mbx_status mbx_enqueue(struct mbx_mailbox *mailbox, uint64_t task_id)
{
	if (!mailbox)
		return MBX_E_INVALID;
	if (!task_id_valid(task_id))
		return MBX_E_BAD_TASK_ID;
	/* A-CLOSE: pairs with R-CLOSE in mbx_mailbox_close. */
	if (atomic_load_explicit(&mailbox->closed, memory_order_acquire))
		return MBX_E_CLOSED;
	/* The reference's base without an indirect call, so enqueue/ measures the variant. */
	if (mailbox->base == &mbx__base_atomic)
		return mailbox->enqueue(mailbox, mbx__mailbox_box(mailbox), (uint32_t)task_id);
	return mailbox->base->ops->enqueue(mailbox, (uint32_t)task_id);
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
	mbx__notify_signal(&mailbox->notify);
	return MBX_OK;
}

bool mbx_mailbox_is_closed(const struct mbx_mailbox *mailbox)
{
	/* A-CLOSE: pairs with R-CLOSE in mbx_mailbox_close. */
	return atomic_load_explicit(&mailbox->closed, memory_order_acquire);
}

bool mbx_mailbox_is_signalled(const struct mbx_mailbox *mailbox)
{
	bool signalled;

	if (mbx_mailbox_is_closed(mailbox))
		return false;
	/* A-SIGNAL: pairs with R-FLAG, the variants' release store of the flag. */
	signalled = atomic_load_explicit(&mailbox->base->ops->enter(mailbox)->flag,
	                                 memory_order_acquire) != 0;
	mailbox->base->ops->leave(mailbox);
	return signalled;
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
	return mbx__mailbox_box(mailbox);
}

const struct mbx_variant *mbx_mailbox_variant(const struct mbx_mailbox *mailbox)
{
	return mailbox->variant;
}

const struct mbx_base *mbx_mailbox_base(const struct mbx_mailbox *mailbox)
{
	return mailbox->base;
}

enum mbx_wake_kind mbx_mailbox_wake(const struct mbx_mailbox *mailbox)
{
	return mailbox->wake;
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
