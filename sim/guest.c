/* SPDX-License-Identifier: MIT */
/*
 * The simulated guest: the reference drain, the corrected drain, and the
 * bounded wait, which runs the mailbox's wake policy's guest half (in the
 * policy's file, <mbx/wake/<policy>.h>, through the table MBX__GUEST_WAKES).
 *
 * The ring-level reads and writes (A-TAIL, A-FLAG, A-SEQ-SLOT, R-HEAD,
 * F-WAKE-GUEST) are the steps in sim/guest_steps.h, with their edge table;
 * this file adds the counters, the host-side structure and the sleeps.
 * Orderings of its own:
 *   R-HEAD        mbx_guest_skip_unpublished's head store; pairs with A-HEAD.
 *
 * On a variant that wakes only an announced sleep (announced) the corrected
 * guest is the batched one: mbx__steps_batched_pass drains, and its wait
 * (wait_batched) announces and re-checks tail (D-GUEST) before it sleeps.
 *
 * A variant with a host-side structure (wfcq) keeps only the flag and the
 * waiter word in guest memory: the drains take ids from the structure
 * instead of the ring, with the same flag order as each guest kind.
 */
#include <sched.h>
#include <string.h>
#include <time.h>

#include <mbx/guest.h>

#include "futex.h"
#include "guest_steps.h"

/*
 * A wake policy's guest half, one row per policy (<mbx/wake/<policy>.h>,
 * compiled here with MBX__WAKE_GUEST; MBX__GUEST_WAKES is the table):
 *   wait                the plain guest's wait (reference, corrected)
 *   batched_sleep       the batched guest's sleep once its re-check of tail
 *                       found nothing claimed; NULL: it never sleeps, it polls
 *   batched_clear_flag  clear the flag before the re-check (A-ANN-FLAG): the
 *                       host raises it under this policy
 *   batched_announce    announce the sleep (D-GUEST) and withdraw after it
 */
struct mbx__guest_wake {
	enum mbx_status (*wait)(struct mbx_guest *guest, struct mbx_abi_mailbox *box,
	                        uint64_t timeout_ns);
	enum mbx_status (*batched_sleep)(struct mbx_guest *guest, struct mbx_abi_mailbox *box,
	                                 uint64_t timeout_ns);
	bool batched_clear_flag;
	bool batched_announce;
};

/* The clock (below) the guest halves read too: spin's poll deadline. */
static uint64_t monotonic_ns(void);

#define MBX__WAKE_GUEST 1
#include <mbx/inline.h>

static const struct mbx__guest_wake *const guest_wakes[] = MBX__GUEST_WAKES;

static_assert(sizeof(guest_wakes) / sizeof(guest_wakes[0]) == MBX_WAKE_COUNT,
              "MBX__GUEST_WAKES has a guest half for every enum mbx_wake_kind");

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
	if (!kind)
		return MBX_E_INVALID;
	for (unsigned i = 0; name && i < MBX_GUEST_COUNT; i++) {
		if (strcmp(guest_names[i], name) == 0) {
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
	struct mbx_abi_mailbox *box = mbx_mailbox_region(mailbox);

	*guest = (struct mbx_guest){
	    .mailbox = mailbox,
	    .kind = kind,
	    .deliver = deliver,
	    .context = context,
	    .batched = kind == MBX_GUEST_CORRECTED &&
	               mbx_variant_announced_sleep(mbx_mailbox_variant(mailbox)),
	};
	if (guest->batched && box)
		/* Relaxed: only the guest writes head; from here on it keeps its own copy. */
		guest->batch.head = guest->batch.shown = guest->batch.scanned =
		    atomic_load_explicit(&box->head, memory_order_relaxed);
	return MBX_OK;
}

/* true: the variant's ids wait in a host-side structure, not in the ring. */
static bool structure_of(const struct mbx_guest *guest)
{
	return mbx_variant_host_structure(mbx_mailbox_variant(guest->mailbox));
}

/*
 * A drain pass in three steps, so tests can run host steps between them:
 * begin (read the indices), take (read the slots), finish (publish head).
 */
void mbx__guest_begin(struct mbx_guest *guest, struct mbx__drain_pass *pass)
{
	struct mbx_abi_mailbox *box = mbx_mailbox_region(guest->mailbox);

	pass->box = box;
	pass->taken = 0;
	if (guest->batched) {
		pass->head = guest->batch.head; /* the batched pass reads no index up front */
		pass->tail = pass->head;
		pass->overrun = 0;
		return;
	}
	if (structure_of(guest)) {
		pass->head = pass->tail = pass->overrun = 0;
		if (guest->kind == MBX_GUEST_CORRECTED)
			mbx__steps_corrected_clear_flag(box); /* before taking: A-FLAG */
		return;
	}
	if (guest->kind == MBX_GUEST_REFERENCE) {
		pass->head = mbx__steps_reference_head(box);
	} else {
		mbx__steps_corrected_clear_flag(box); /* before reading tail: A-FLAG */
		pass->head = mbx__steps_corrected_head(box);
	}
	pass->tail = mbx__steps_tail(box); /* A-TAIL */
	pass->overrun = mbx__steps_overrun(pass->head, pass->tail);
	guest->counters.overwritten += pass->overrun;
	if (pass->overrun && guest->kind == MBX_GUEST_CORRECTED)
		pass->head = pass->tail - MBX_CAPACITY; /* skip what the ring no longer holds */
}

static inline void spin_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
	__builtin_ia32_pause();
#elif defined(__aarch64__)
	__asm__ volatile("yield" ::: "memory");
#endif
}

/*
 * The batched guest does not chase its producers. A pass that took ids
 * stopped at a slot not yet published: the one a producer is about to write,
 * in the cache line it is filling. Reading that line again at once takes it
 * from the producer, whose next claim (a locked instruction) waits for the
 * transfer, and finds 1 to 3 ids (measured: results/vm/chase/README.md). So a
 * pass that follows a pass that took ids first lets MBX__BATCH_CHASE_NS pass
 * since that one ended, touching nothing shared; a wait in between
 * (mbx_guest_wait) ends the chase, so a guest that waited for an id takes it
 * at once. Under a stream, an id may wait that much longer to be taken: the
 * trade of a consumer that takes in batches.
 */
#define MBX__BATCH_CHASE_NS    2000u
#define MBX__BATCH_CHASE_RELAX 8u /* pauses between clock reads */

static void batch_no_chase(const struct mbx_guest_batch *batch)
{
	if (batch->took_ns == 0)
		return;
	while (monotonic_ns() - batch->took_ns < MBX__BATCH_CHASE_NS)
		for (unsigned relax = 0; relax < MBX__BATCH_CHASE_RELAX; relax++)
			spin_relax();
}

static void batch_deliver(void *context, uint32_t task_id)
{
	struct mbx_guest *guest = context;

	guest->deliver(guest->context, task_id, false);
}

void mbx__guest_take(struct mbx_guest *guest, struct mbx__drain_pass *pass)
{
	struct mbx_abi_mailbox *box = pass->box;
	bool overflowed = pass->overrun != 0;

	if (guest->batched) {
		batch_no_chase(&guest->batch);
		pass->taken = mbx__steps_batched_pass(box, &guest->batch, batch_deliver, guest);
		guest->batch.took_ns = pass->taken ? monotonic_ns() : 0;
		pass->head = guest->batch.head;
		return;
	}
	if (structure_of(guest)) {
		/* A-WFCQ: the structure's dequeue (wfcq: __cds_wfcq_dequeue_nonblocking
		 * reads each node's link, liburcu's acquire side) pairs with R-WFCQ in
		 * the wfcq enqueue: a node taken carries its task id. */
		pass->taken = mbx_mailbox_host_take(guest->mailbox, guest->deliver, guest->context);
		return;
	}
	if (guest->kind == MBX_GUEST_REFERENCE) {
		for (uint32_t position = pass->head; position != pass->tail; position++)
			guest->deliver(guest->context, mbx__steps_reference_read(box, position),
			               overflowed);
		pass->taken = pass->tail - pass->head;
		pass->head = pass->tail;
		return;
	}
	for (; pass->head != pass->tail; pass->head++, pass->taken++) {
		uint32_t id = mbx__steps_corrected_take(box, pass->head); /* A-SEQ-SLOT */

		if (id == MBX_TASK_ID_NONE)
			break; /* claimed, not yet published */
		guest->deliver(guest->context, id, overflowed);
	}
}

void mbx__guest_finish(struct mbx_guest *guest, struct mbx__drain_pass *pass)
{
	if (!guest->batched && !structure_of(guest)) /* batched: the pass shows head itself */
		mbx__steps_publish_head(pass->box, pass->head); /* R-HEAD */
	if (guest->kind == MBX_GUEST_REFERENCE)
		mbx__steps_reference_clear_flag(pass->box); /* last: the lost wake-up */
	guest->counters.drains++;
	guest->counters.taken += pass->taken;
}

enum mbx_status mbx_guest_drain(struct mbx_guest *guest, uint32_t *taken)
{
	struct mbx__drain_pass pass;

	if (!guest)
		return MBX_E_INVALID;
	if (!mbx_mailbox_region(guest->mailbox))
		return MBX_E_BUSY; /* an RCU base is held: the memory is being moved */
	mbx__guest_begin(guest, &pass);
	mbx__guest_take(guest, &pass);
	mbx__guest_finish(guest, &pass);
	if (taken)
		*taken = pass.taken;
	return MBX_OK;
}

uint32_t mbx_guest_skip_unpublished(struct mbx_guest *guest)
{
	struct mbx_abi_mailbox *box = guest ? mbx_mailbox_region(guest->mailbox) : NULL;
	uint32_t head, tail;

	if (!box || structure_of(guest))
		return 0; /* a structure has no holes: every id enqueued is linked */
	/* Relaxed: only the guest writes head. */
	head = atomic_load_explicit(&box->head, memory_order_relaxed);
	/* Relaxed: the caller has already synchronised with every producer's end. */
	tail = atomic_load_explicit(&box->tail, memory_order_relaxed);

	if (guest->batched) {
		mbx__steps_batched_show(box, &guest->batch); /* clears what it took in a row */
		head = guest->batch.head;
		guest->batch =
		    (struct mbx_guest_batch){.head = tail, .shown = tail, .scanned = tail};
	}
	/* R-HEAD: pairs with A-HEAD in the sequenced and announced claims. */
	atomic_store_explicit(&box->head, tail, memory_order_release);
	return tail - head;
}

enum mbx_guest_backlog mbx_guest_backlog(const struct mbx_guest *guest)
{
	struct mbx_abi_mailbox *box = guest ? mbx_mailbox_region(guest->mailbox) : NULL;
	uint32_t head, tail;

	if (!box)
		return MBX_BACKLOG_NONE;
	if (structure_of(guest))
		return mbx_mailbox_host_pending(guest->mailbox) ? MBX_BACKLOG_PUBLISHED
		                                                : MBX_BACKLOG_NONE;
	/* Relaxed: a diagnostic after a timeout, not a synchronisation point. */
	head = guest->batched ? guest->batch.head
	                      : atomic_load_explicit(&box->head, memory_order_relaxed);
	/* Relaxed: as above; only compared with head. */
	tail = atomic_load_explicit(&box->tail, memory_order_relaxed);
	if (tail == head)
		return MBX_BACKLOG_NONE;
	/* The reference publishes with tail: it reads every slot below it (guest.h). */
	if (guest->kind == MBX_GUEST_REFERENCE)
		return MBX_BACKLOG_PUBLISHED;
	/* Relaxed: a diagnostic; the drain's A-SEQ-SLOT is what takes the id. */
	return atomic_load_explicit(&box->ring[mbx_slot_index(head)], memory_order_relaxed) !=
	               MBX_TASK_ID_NONE
	           ? MBX_BACKLOG_PUBLISHED
	           : MBX_BACKLOG_UNPUBLISHED;
}

bool mbx_guest_work_pending(const struct mbx_guest *guest)
{
	return mbx_guest_backlog(guest) != MBX_BACKLOG_NONE;
}

static uint64_t monotonic_ns(void)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (uint64_t)now.tv_sec * 1000000000u + (uint64_t)now.tv_nsec;
}

/*
 * The batched guest's wait when it must not sleep (something is claimed at
 * or beyond head, or the spin policy), and its linger before it announces a
 * sleep: polls the slot at head, yielding (as a peer's consumer yields
 * between empty polls), until the slot is published, a claim beyond head
 * that no scan saw appears (rescan: the next pass scans), the flag rises
 * (a kick), or the deadline. The mailbox's first line (tail, flag, head:
 * the line each claim's CAS writes) is touched every few rounds only, when
 * it also shows head, so a guest that caught up with a producer does not
 * take that line from it while ids keep coming.
 */
#define MBX__BATCH_LINGER_NS 20000u /* the batched guest's poll before it announces a sleep */
#define MBX__BATCH_POLL_LINE 16u    /* polls between reads of the mailbox's first line */

static enum mbx_status poll_ring(struct mbx_abi_mailbox *box, struct mbx_guest_batch *batch,
                                 bool host_raises, uint64_t timeout_ns)
{
	_Atomic uint32_t *slot = &box->ring[mbx_slot_index(batch->head)];
	/*
	 * Relaxed: a hint. The flag ends the poll only if it rises during it: one
	 * left raised since the last show (futex policies raise it per enqueue;
	 * only may_sleep clears it) would end every linger at once, and the guest
	 * would loop without ever announcing a sleep. Under a policy whose host
	 * never raises it (spin, waiter_handoff, notify) only a kick does: no
	 * read of the first line at the poll's start.
	 */
	bool watch_flag =
	    !host_raises || atomic_load_explicit(&box->flag, memory_order_relaxed) == 0;
	uint64_t deadline = 0;

	for (unsigned round = 0;; round++) {
		/*
		 * Relaxed: a hint; the drain's A-SEQ-SLOT takes the id. Not before
		 * the first yield: the pass that found head empty has just read it.
		 */
		if (round != 0 &&
		    atomic_load_explicit(slot, memory_order_relaxed) != MBX_TASK_ID_NONE)
			return MBX_OK;
		if (round % MBX__BATCH_POLL_LINE == MBX__BATCH_POLL_LINE - 1u) {
			mbx__steps_batched_show(box,
			                        batch); /* a wait this long: the host sees all */
			/* Relaxed: hints; the pass re-reads tail with A-TAIL, the sleep with D-GUEST. */
			if (mbx__steps_batched_note_tail(
			        batch, atomic_load_explicit(&box->tail, memory_order_relaxed)) ||
			    (watch_flag &&
			     atomic_load_explicit(&box->flag, memory_order_relaxed) != 0))
				return MBX_OK;
		}
		if (round == 0)
			deadline = monotonic_ns() + timeout_ns;
		else if (monotonic_ns() >= deadline)
			return MBX_E_TIMEOUT;
		sched_yield();
	}
}

/* A poll that is the whole wait: when it expires, the next pass looks beyond head once more. */
static enum mbx_status poll_ring_wait(struct mbx_abi_mailbox *box, struct mbx_guest_batch *batch,
                                      bool host_raises, uint64_t timeout_ns)
{
	enum mbx_status status = poll_ring(box, batch, host_raises, timeout_ns);

	if (status == MBX_E_TIMEOUT)
		batch->rescan = true;
	return status;
}

/*
 * The batched guest's wait: lingers (poll_ring), then shows head, clears the
 * flag and announces as its policy needs, re-loads tail (D-GUEST) and
 * sleeps only when nothing is claimed; otherwise (a hole, or ids published
 * since the pass) it polls. spin never sleeps: it polls the ring, not the
 * flag.
 */
static enum mbx_status wait_batched(struct mbx_guest *guest, struct mbx_abi_mailbox *box,
                                    const struct mbx__guest_wake *wake, uint64_t timeout_ns)
{
	/* the host raises the flag under exactly the policies whose guest clears it */
	bool host_raises = wake->batched_clear_flag;
	enum mbx_status status;
	uint32_t tail;

	if (!wake->batched_sleep) /* spin */
		return poll_ring_wait(box, &guest->batch, false, timeout_ns);
	/*
	 * Linger first: yield to the producers and poll the ring for a moment,
	 * so a guest that caught up takes the next batch instead of announcing
	 * a sleep each producer must then pay a system call to end.
	 */
	if (poll_ring(box, &guest->batch, host_raises,
	              timeout_ns < MBX__BATCH_LINGER_NS ? timeout_ns : MBX__BATCH_LINGER_NS) ==
	    MBX_OK)
		return MBX_OK;
	if (!mbx__steps_batched_may_sleep(box, &guest->batch, wake->batched_clear_flag,
	                                  wake->batched_announce, &tail)) {
		if (wake->batched_announce)
			mbx__steps_withdraw(box);
		/* claims beyond head no scan saw: the pass takes them (may_sleep set rescan) */
		return guest->batch.rescan
		           ? MBX_OK
		           : poll_ring_wait(box, &guest->batch, host_raises, timeout_ns);
	}
	status = wake->batched_sleep(guest, box, timeout_ns);
	if (wake->batched_announce)
		mbx__steps_withdraw(box);
	return status;
}

/*
 * An expired wait, classified by what waits at head (guest.h). A stall that
 * goes on at the same head across waits is one stall, timed from its first
 * expired wait's start.
 */
static void count_timeout(struct mbx_guest *guest, struct mbx_abi_mailbox *box, uint64_t started_ns)
{
	struct mbx_guest_counters *counters = &guest->counters;
	uint64_t now = monotonic_ns(), length;
	uint32_t head;

	counters->timeouts++;
	switch (mbx_guest_backlog(guest)) {
	case MBX_BACKLOG_PUBLISHED:
		counters->lost_wakeups++;
		guest->stalling = false;
		return;
	case MBX_BACKLOG_NONE:
		guest->stalling = false;
		return;
	case MBX_BACKLOG_UNPUBLISHED:
		break;
	}
	/* Relaxed: only the guest writes head. */
	head = guest->batched ? guest->batch.head
	                      : atomic_load_explicit(&box->head, memory_order_relaxed);
	if (!guest->stalling || guest->stall_head != head) {
		guest->stalling = true;
		guest->stall_head = head;
		guest->stall_start_ns = started_ns;
		counters->head_of_line_stalls++;
	}
	counters->head_of_line_stall_ns += now - started_ns;
	length = now - guest->stall_start_ns;
	if (length > counters->head_of_line_stall_max_ns)
		counters->head_of_line_stall_max_ns = length;
}

#define SPIN_CLOCK_EVERY 64u /* polls between clock reads */

/*
 * The adaptive guest's first phase (struct mbx_guest, spin_budget_ns): polls
 * the flag and the slot at head, with no system call, until one shows work
 * or the budget (at most *timeout_ns) is spent. true: work came; the wait
 * returns without sleeping and the drain that follows takes it. false: the
 * sleep gets what is left of *timeout_ns.
 */
static bool spin_for_work(const struct mbx_guest *guest, struct mbx_abi_mailbox *box,
                          uint64_t started_ns, uint64_t *timeout_ns)
{
	uint64_t budget = guest->spin_budget_ns < *timeout_ns ? guest->spin_budget_ns : *timeout_ns;
	uint64_t spent = 0;

	for (uint32_t pass = 1; budget; pass++) {
		/*
		 * Relaxed: a hint to stop polling; the drain that follows orders
		 * its own reads (A-FLAG, A-TAIL, A-SEQ-SLOT). The flag alone would
		 * miss a producer that raises it only for a guest that announced
		 * its sleep; the backlog (relaxed reads of head, tail and the slot
		 * at head) sees the id itself.
		 */
		if (atomic_load_explicit(&box->flag, memory_order_relaxed) != 0 ||
		    mbx_guest_backlog(guest) == MBX_BACKLOG_PUBLISHED)
			return true;
		if (pass % SPIN_CLOCK_EVERY == 0 && (spent = monotonic_ns() - started_ns) >= budget)
			break;
		spin_relax();
	}
	if (budget)
		*timeout_ns = spent < *timeout_ns ? *timeout_ns - spent : 1;
	return false;
}

/* A wait's end: an expired one is classified (count_timeout). */
static enum mbx_status finish_wait(struct mbx_guest *guest, struct mbx_abi_mailbox *box,
                                   uint64_t started_ns, enum mbx_status status)
{
	if (status == MBX_E_TIMEOUT)
		count_timeout(guest, box, started_ns);
	return status;
}

enum mbx_status mbx_guest_wait(struct mbx_guest *guest, uint64_t timeout_ns)
{
	const struct mbx__guest_wake *wake;
	struct mbx_abi_mailbox *box;
	uint64_t started_ns;

	if (!guest || (unsigned)mbx_mailbox_wake(guest->mailbox) >= MBX_WAKE_COUNT)
		return MBX_E_INVALID;
	wake = guest_wakes[mbx_mailbox_wake(guest->mailbox)];
	box = mbx_mailbox_region(guest->mailbox);
	if (!box)
		return MBX_E_BUSY; /* an RCU base is held: the memory is being moved */
	guest->counters.waits++;
	guest->batch.took_ns = 0; /* a wait ends a chase (batch_no_chase) */
	started_ns = monotonic_ns();
	if (spin_for_work(guest, box, started_ns, &timeout_ns))
		return MBX_OK;
	if (guest->batched) /* announced: its own wait, every policy */
		return finish_wait(guest, box, started_ns,
		                   wait_batched(guest, box, wake, timeout_ns));
	return finish_wait(guest, box, started_ns, wake->wait(guest, box, timeout_ns));
}
