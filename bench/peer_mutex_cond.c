/* SPDX-License-Identifier: MIT */
/*
 * peer/mutex_cond: the textbook baseline. A bounded ring of MBX_PEER_CAPACITY
 * ids under one pthread mutex; every enqueue signals a condition variable the
 * consumer sleeps on when the ring is empty (glibc's pthread_cond_signal makes
 * no system call when nobody waits). A full ring answers false and the shared
 * driver yields, as for every peer, instead of a second condition variable.
 * No atomics: the mutex orders every access. Indices are free-running u32
 * from MBX_PEER_INDEX_START, masked on access.
 */
#include <pthread.h>
#include <stdlib.h>

#include "peer.h"

struct mutex_cond {
	pthread_mutex_t lock;
	pthread_cond_t nonempty;
	uint32_t head, tail; /* under lock */
	bool kicked;         /* under lock */
	uint32_t ring[MBX_PEER_CAPACITY];
};

static void *mutex_cond_create(uint32_t producers)
{
	struct mutex_cond *q = calloc(1, sizeof(*q));

	(void)producers;
	if (!q)
		return NULL;
	if (pthread_mutex_init(&q->lock, NULL) != 0) {
		free(q);
		return NULL;
	}
	if (pthread_cond_init(&q->nonempty, NULL) != 0) {
		pthread_mutex_destroy(&q->lock);
		free(q);
		return NULL;
	}
	q->head = q->tail = MBX_PEER_INDEX_START;
	return q;
}

static void mutex_cond_destroy(void *queue)
{
	struct mutex_cond *q = queue;

	pthread_cond_destroy(&q->nonempty);
	pthread_mutex_destroy(&q->lock);
	free(q);
}

static bool mutex_cond_enqueue(void *queue, uint32_t producer, uint32_t id)
{
	struct mutex_cond *q = queue;
	bool room;

	(void)producer;
	pthread_mutex_lock(&q->lock);
	room = q->tail - q->head < MBX_PEER_CAPACITY;
	if (room) {
		q->ring[q->tail++ % MBX_PEER_CAPACITY] = id;
		pthread_cond_signal(&q->nonempty);
	}
	pthread_mutex_unlock(&q->lock);
	return room;
}

static uint32_t mutex_cond_drain(void *queue, uint32_t *ids, uint32_t max)
{
	struct mutex_cond *q = queue;
	uint32_t n = 0;

	pthread_mutex_lock(&q->lock);
	while (n < max && q->head != q->tail)
		ids[n++] = q->ring[q->head++ % MBX_PEER_CAPACITY];
	pthread_mutex_unlock(&q->lock);
	return n;
}

static void mutex_cond_wait(void *queue)
{
	struct mutex_cond *q = queue;

	pthread_mutex_lock(&q->lock);
	while (q->head == q->tail && !q->kicked)
		pthread_cond_wait(&q->nonempty, &q->lock);
	pthread_mutex_unlock(&q->lock);
}

static void mutex_cond_kick(void *queue)
{
	struct mutex_cond *q = queue;

	pthread_mutex_lock(&q->lock);
	q->kicked = true;
	pthread_cond_signal(&q->nonempty);
	pthread_mutex_unlock(&q->lock);
}

const struct mbx_peer_ops mbx_peer_mutex_cond = {
    .name = "mutex_cond",
    .mode = "pthread mutex + condition variable, 256-id ring, signal per enqueue",
    .create = mutex_cond_create,
    .destroy = mutex_cond_destroy,
    .enqueue = mutex_cond_enqueue,
    .drain = mutex_cond_drain,
    .wait = mutex_cond_wait,
    .kick = mutex_cond_kick,
};
