/* SPDX-License-Identifier: MIT */
/*
 * peer/eventfd: the kernel-mediated baseline. Ids travel in a lock-free
 * bounded MPSC ring of MBX_PEER_CAPACITY slots, each slot with its own
 * sequence word (Vyukov's bounded queue, one consumer); the wake-up is a Linux
 * eventfd: one write(2) of 1 after every enqueue, and the consumer, when a
 * drain took nothing, blocks in read(2) until the counter is non-zero.
 *
 * Why this is the fair analogue of the mailbox's `futex` wake policy:
 *   mailbox (reference)                    eventfd peer
 *   FUTEX_WAKE on every enqueue,           write(efd, 1) on every enqueue,
 *     even when nobody sleeps                even when nobody sleeps
 *   guest sleeps in FUTEX_WAIT while       consumer sleeps in read() while
 *     flag == 0 (the kernel re-checks        the counter == 0 (the kernel
 *     the word before sleeping)              checks the counter under its lock)
 *   the flag says "something is pending"   the counter says "n enqueues since
 *                                            the last read"
 * So both pay one system call per enqueue on the producer side and one per
 * sleep on the consumer side, and neither ring's ids depend on the wake for
 * ordering. The difference is the protocol, not the cost model: the counter
 * accumulates, and read() consumes it atomically, so the consumer cannot
 * clear a wake it has not seen (the reference guest's lost wake-up window,
 * flag = 0 after its tail read, has no counterpart here). Compare with
 * e2e/sequenced/futex and enqueue/sequenced/futex/awake.
 *
 * Edges (ring): free-running u32 positions from MBX_PEER_INDEX_START;
 * slot.seq == pos: free for the producer claiming pos; == pos + 1: holds
 * pos's id; the consumer frees it for pos + MBX_PEER_CAPACITY.
 *   R-SLOT  producer: seq = pos + 1 after writing the id; pairs with A-SLOT
 *   A-SLOT  consumer: loads seq before reading the id
 *   R-FREE  consumer: seq = pos + CAPACITY after reading the id; pairs with A-FREE
 *   A-FREE  producer: loads seq before claiming pos, so its id store follows
 *           the consumer's read of the previous lap's id
 * The tail CAS is relaxed: it only hands out positions; the slot's seq carries
 * every ordering the id needs. The eventfd carries none of it.
 */
#include <errno.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "peer.h"

struct eventfd_slot {
	_Atomic uint32_t seq;
	uint32_t id; /* written before R-SLOT, read after A-SLOT */
};

struct eventfd_queue {
	_Alignas(64) _Atomic uint32_t tail; /* producers */
	_Alignas(64) uint32_t head;         /* the consumer's only */
	int fd;
	_Alignas(64) struct eventfd_slot slots[MBX_PEER_CAPACITY];
};

static void *eventfd_create(uint32_t producers)
{
	struct eventfd_queue *q = aligned_alloc(64, sizeof(struct eventfd_queue));

	(void)producers;
	if (!q)
		return NULL;
	q->fd = eventfd(0, EFD_CLOEXEC);
	if (q->fd < 0) {
		free(q);
		return NULL;
	}
	atomic_init(&q->tail, MBX_PEER_INDEX_START);
	q->head = MBX_PEER_INDEX_START;
	for (uint32_t i = 0; i < MBX_PEER_CAPACITY; i++) {
		uint32_t pos = MBX_PEER_INDEX_START + i;
		atomic_init(&q->slots[pos % MBX_PEER_CAPACITY].seq, pos);
		q->slots[i].id = 0;
	}
	return q;
}

static void eventfd_destroy(void *queue)
{
	struct eventfd_queue *q = queue;

	close(q->fd);
	free(q);
}

static void eventfd_signal(struct eventfd_queue *q)
{
	uint64_t one = 1;
	ssize_t written;

	do
		written = write(q->fd, &one, sizeof(one));
	while (written < 0 && errno == EINTR);
}

static bool eventfd_enqueue(void *queue, uint32_t producer, uint32_t id)
{
	struct eventfd_queue *q = queue;
	/* relaxed: a guess at the next position; the CAS below checks it */
	uint32_t pos = atomic_load_explicit(&q->tail, memory_order_relaxed);
	struct eventfd_slot *slot;

	(void)producer;
	for (;;) {
		slot = &q->slots[pos % MBX_PEER_CAPACITY];
		/* A-FREE: pairs with R-FREE in eventfd_drain */
		uint32_t seq = atomic_load_explicit(&slot->seq, memory_order_acquire);
		int32_t lag = (int32_t)(seq - pos);

		if (lag == 0) {
			/* relaxed: hands out pos only; A-FREE and R-SLOT order the slot */
			if (atomic_compare_exchange_weak_explicit(&q->tail, &pos, pos + 1,
			                                          memory_order_relaxed,
			                                          memory_order_relaxed))
				break;
		} else if (lag < 0) {
			return false; /* the consumer has not freed this slot: full */
		} else {
			/* relaxed: another producer claimed pos; take a fresh guess */
			pos = atomic_load_explicit(&q->tail, memory_order_relaxed);
		}
	}
	slot->id = id;
	/* R-SLOT: publishes the id; pairs with A-SLOT in eventfd_drain */
	atomic_store_explicit(&slot->seq, pos + 1, memory_order_release);
	eventfd_signal(q); /* the wake: one system call per enqueue, like FUTEX_WAKE */
	return true;
}

static uint32_t eventfd_drain(void *queue, uint32_t *ids, uint32_t max)
{
	struct eventfd_queue *q = queue;
	uint32_t n = 0;

	while (n < max) {
		struct eventfd_slot *slot = &q->slots[q->head % MBX_PEER_CAPACITY];
		/* A-SLOT: pairs with R-SLOT in eventfd_enqueue */
		if (atomic_load_explicit(&slot->seq, memory_order_acquire) != q->head + 1)
			break; /* empty, or claimed and not yet published */
		ids[n++] = slot->id;
		/* R-FREE: the id is read; pairs with A-FREE in eventfd_enqueue */
		atomic_store_explicit(&slot->seq, q->head + MBX_PEER_CAPACITY,
		                      memory_order_release);
		q->head++;
	}
	return n;
}

static void eventfd_wait(void *queue)
{
	struct eventfd_queue *q = queue;
	uint64_t count;

	/* blocks while the counter is 0; any return (even EINTR) lets the driver re-drain */
	if (read(q->fd, &count, sizeof(count)) < 0)
		return;
}

static void eventfd_kick(void *queue)
{
	eventfd_signal(queue);
}

const struct mbx_peer_ops mbx_peer_eventfd = {
    .name = "eventfd",
    .mode = "lock-free MPSC ring (256 slots, per-slot sequence) + one eventfd write per "
            "enqueue, consumer blocks in read()",
    .create = eventfd_create,
    .destroy = eventfd_destroy,
    .enqueue = eventfd_enqueue,
    .drain = eventfd_drain,
    .wait = eventfd_wait,
    .kick = eventfd_kick,
};
