/* SPDX-License-Identifier: MIT */
/*
 * The simulated guest: the reference drain, the corrected drain, and the
 * bounded sleep of each wake policy.
 *
 * Orderings in this file:
 *   A-TAIL        the drains' acquire load of tail; pairs with R-TAIL, the
 *                 host's claim (when its order has a release half).
 *   R-HEAD        head = new head (release); pairs with A-HEAD in the
 *                 sequenced variant: the slots below head were read and cleared.
 *   A-FLAG        the corrected guest's seq_cst exchange of the flag; pairs
 *                 with R-FLAG, the host's release store of the flag.
 *   A-SEQ-SLOT    the corrected guest's acquire load of a slot; pairs with
 *                 R-SEQ-SLOT in the sequenced variant.
 *   F-WAKE-GUEST  store waiter -> load flag fence; pairs with F-WAKE-HOST (ring/wake.h).
 */
#include <sched.h>
#include <string.h>
#include <time.h>

#include <mbx/guest.h>

#include "futex.h"
#include "mailbox_internal.h"

static const char *const guest_names[MBX_GUEST_COUNT] = {
    [MBX_GUEST_REFERENCE] = "reference",
    [MBX_GUEST_CORRECTED] = "corrected",
};

const char *mbx_guest_name(enum mbx_guest_kind kind)
{
	return (unsigned)kind < MBX_GUEST_COUNT ? guest_names[kind] : "unknown";
}

enum mbx_status mbx_guest_find(const char *name, enum mbx_guest_kind *kind)
{
	for (unsigned i = 0; name && i < MBX_GUEST_COUNT; i++) {
		if (strcmp(guest_names[i], name) == 0) {
			if (kind)
				*kind = (enum mbx_guest_kind)i;
			return MBX_OK;
		}
	}
	return MBX_E_UNKNOWN_NAME;
}

enum mbx_status mbx_guest_init(struct mbx_guest *guest, struct mbx_mailbox *mailbox,
                               enum mbx_guest_kind kind, mbx_deliver_fn deliver, void *context)
{
	if (!guest || !mailbox || !deliver || (unsigned)kind >= MBX_GUEST_COUNT)
		return MBX_E_INVALID;
	*guest = (struct mbx_guest){
	    .mailbox = mailbox,
	    .kind = kind,
	    .deliver = deliver,
	    .context = context,
	};
	return MBX_OK;
}

/* Positions tail ran ahead of the ring: overwritten before the guest read them. */
static uint32_t overrun(uint32_t head, uint32_t tail)
{
	return tail - head > MBX_CAPACITY ? tail - head - MBX_CAPACITY : 0;
}

static uint32_t drain_reference(struct mbx_guest *guest, struct mbx_abi_mailbox *box)
{
	/* Acquire, as the reference does; only the guest writes head, so it pairs with nothing. */
	uint32_t head = atomic_load_explicit(&box->head, memory_order_acquire);
	/* A-TAIL: pairs with R-TAIL. The slots are not covered: the publication race. */
	uint32_t tail = atomic_load_explicit(&box->tail, memory_order_acquire);
	uint32_t lost = overrun(head, tail);

	guest->counters.overwritten += lost;
	for (uint32_t position = head; position != tail; position++) {
		/* Relaxed, as the reference: a slot read can precede its store (stale). */
		uint32_t id = atomic_load_explicit(&box->ring[mbx_slot_index(position)],
		                                   memory_order_relaxed);
		guest->deliver(guest->context, id, lost != 0);
	}
	/* R-HEAD: pairs with A-HEAD in the sequenced variant. */
	atomic_store_explicit(&box->head, tail, memory_order_release);
	/* Relaxed, as the reference, and last: erases a flag raised since the tail read. */
	atomic_store_explicit(&box->flag, 0u, memory_order_relaxed);
	return tail - head;
}

static uint32_t drain_corrected(struct mbx_guest *guest, struct mbx_abi_mailbox *box)
{
	uint32_t head, tail, lost, taken = 0;

	/* A-FLAG: clear before reading tail, so any later publication re-raises it. */
	atomic_exchange_explicit(&box->flag, 0u, memory_order_seq_cst);
	/* Relaxed: only the guest writes head. */
	head = atomic_load_explicit(&box->head, memory_order_relaxed);
	/* A-TAIL: pairs with R-TAIL. */
	tail = atomic_load_explicit(&box->tail, memory_order_acquire);
	lost = overrun(head, tail);
	if (lost) {
		/* Only an overwriting variant gets here: skip what the ring no longer holds. */
		guest->counters.overwritten += lost;
		head = tail - MBX_CAPACITY;
	}
	for (; head != tail; head++, taken++) {
		_Atomic uint32_t *slot = &box->ring[mbx_slot_index(head)];
		/* A-SEQ-SLOT: pairs with R-SEQ-SLOT; 0 means claimed but not yet published. */
		uint32_t id = atomic_load_explicit(slot, memory_order_acquire);

		if (id == MBX_TASK_ID_NONE)
			break;
		/* Relaxed: R-HEAD below orders the clear before the slot is reused. */
		atomic_store_explicit(slot, MBX_TASK_ID_NONE, memory_order_relaxed);
		guest->deliver(guest->context, id, lost != 0);
	}
	/* R-HEAD: pairs with A-HEAD in the sequenced variant. */
	atomic_store_explicit(&box->head, head, memory_order_release);
	return taken;
}

enum mbx_status mbx_guest_drain(struct mbx_guest *guest, uint32_t *taken)
{
	struct mbx_abi_mailbox *box;
	uint32_t count;

	if (!guest)
		return MBX_E_INVALID;
	box = mbx__mailbox_box(guest->mailbox);
	count = guest->kind == MBX_GUEST_REFERENCE ? drain_reference(guest, box)
	                                           : drain_corrected(guest, box);
	guest->counters.drains++;
	guest->counters.taken += count;
	if (taken)
		*taken = count;
	return MBX_OK;
}

bool mbx_guest_work_pending(const struct mbx_guest *guest)
{
	struct mbx_abi_mailbox *box = mbx__mailbox_box(guest->mailbox);

	/* Relaxed: a diagnostic after a timeout, not a synchronisation point. */
	return atomic_load_explicit(&box->tail, memory_order_relaxed) !=
	       atomic_load_explicit(&box->head, memory_order_relaxed);
}

static uint64_t monotonic_ns(void)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (uint64_t)now.tv_sec * 1000000000u + (uint64_t)now.tv_nsec;
}

static enum mbx_status poll_flag(_Atomic uint32_t *flag, uint64_t timeout_ns)
{
	uint64_t deadline = monotonic_ns() + timeout_ns;

	/* Relaxed: the drain that follows orders its own reads (A-TAIL, A-FLAG). */
	while (atomic_load_explicit(flag, memory_order_relaxed) == 0) {
		if (monotonic_ns() >= deadline)
			return MBX_E_TIMEOUT;
		sched_yield();
	}
	return MBX_OK;
}

static enum mbx_status wait_waiter_aware(struct mbx_abi_mailbox *box, uint64_t timeout_ns)
{
	enum mbx_status status = MBX_OK;

	/* Relaxed: ordered before the flag load by F-WAKE-GUEST. */
	atomic_store_explicit(&box->waiter, 1u, memory_order_relaxed);
	/* F-WAKE-GUEST: pairs with F-WAKE-HOST in ring/wake.h (Dekker: store waiter, load flag). */
	atomic_thread_fence(memory_order_seq_cst);
	/* Relaxed: ordered by F-WAKE-GUEST; the futex re-checks the word atomically. */
	if (atomic_load_explicit(&box->flag, memory_order_relaxed) == 0)
		status = mbx__futex_wait(&box->flag, 0u, timeout_ns, true);
	/* Relaxed: a stale 1 costs the host one spurious wake, nothing more. */
	atomic_store_explicit(&box->waiter, 0u, memory_order_relaxed);
	return status;
}

enum mbx_status mbx_guest_wait(struct mbx_guest *guest, uint64_t timeout_ns)
{
	struct mbx_abi_mailbox *box;
	enum mbx_status status = MBX_OK;

	if (!guest)
		return MBX_E_INVALID;
	box = mbx__mailbox_box(guest->mailbox);
	guest->counters.waits++;
	switch (guest->mailbox->wake) {
	case MBX_WAKE_FUTEX:
	case MBX_WAKE_FUTEX_PRIVATE:
		status = mbx__futex_wait(&box->flag, 0u, timeout_ns,
		                         guest->mailbox->wake == MBX_WAKE_FUTEX);
		break;
	case MBX_WAKE_WAITER_AWARE:
		status = wait_waiter_aware(box, timeout_ns);
		break;
	case MBX_WAKE_SPIN:
		status = poll_flag(&box->flag, timeout_ns);
		break;
	case MBX_WAKE_NOTIFY:
		/* Relaxed: a hint; the permit is never lost, so a stale 0 only means one more wait. */
		if (atomic_load_explicit(&box->flag, memory_order_relaxed) == 0)
			status = mbx_mailbox_wait_for_signal(guest->mailbox, timeout_ns);
		break;
	case MBX_WAKE_COUNT:
		return MBX_E_INVALID;
	}
	if (status == MBX_E_TIMEOUT) {
		guest->counters.timeouts++;
		if (mbx_guest_work_pending(guest))
			guest->counters.lost_wakeups++;
	}
	return status;
}
