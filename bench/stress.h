/* SPDX-License-Identifier: MIT */
/*
 * The mailbox as a queue of the one exactly-once runner (run.h), and the
 * stress run every exactly-once test, the soak and mbx-hazards share: N
 * producer threads enqueue ids that encode (producer, sequence) through one
 * (variant, wake policy) pair while a guest thread drains and sleeps; the
 * tally classifies what the guest took. With
 * grow_times, the guest also grows (and so, under a moving policy, moves)
 * linear memory one page at a time while the producers run, through the
 * mailbox's base policy (mbx_mailbox_grow_memory).
 */
#ifndef MBX_BENCH_STRESS_H
#define MBX_BENCH_STRESS_H

#include <stdbool.h>
#include <stdint.h>

#include <mbx/guest.h>
#include <mbx/mailbox.h>
#include <mbx/tally.h>

#include "run.h"

struct mbx_stress_config {
	const struct mbx_variant *variant;
	enum mbx_wake_kind wake;
	enum mbx_guest_kind guest;
	uint32_t producers;            /* 1 .. MBX_TALLY_MAX_PRODUCERS */
	uint32_t ids_per_producer;     /* 1 .. MBX_TALLY_MAX_SEQUENCE */
	bool pace;                     /* producers keep tail - head below capacity */
	uint32_t producer_pause_every; /* 0: never; else pause at random ~1 in N ids */
	uint32_t producer_pause_us;
	uint32_t guest_pause_us;     /* the guest stalls this long after each drain */
	uint64_t wait_timeout_ns;    /* the guest's bounded wait (0: MBX_GUEST_WAIT_NS) */
	uint64_t seed;               /* for the random pauses */
	const struct mbx_base *base; /* NULL: "atomic", the reference */
	enum mbx_growth growth;      /* the memory's policy (0: reserved, never moves) */
	uint32_t grow_times;         /* growths by the guest, one per drain pass, from the start */
};

struct mbx_stress_report {
	struct mbx_tally_counts counts;
	struct mbx_guest_counters guest;
	uint64_t produced;     /* ids accepted by enqueue, counted by the producers */
	uint64_t full_retries; /* MBX_E_FULL answers (back-pressure), retried */
	uint64_t elapsed_ns;
	double ids_per_second;
	uint32_t growths;                 /* growths made */
	uint32_t growths_while_producing; /* ... of which while some producer still ran */
	uint64_t stale_words; /* MBX_GROWTH_MOVING_DISCARD: words written through a stale base */
	/* the stale-base guard (atomic base under moving growth only) skipped a claim whose
	 * store went to a released block: counted lost too */
	uint64_t wedged;
};

/*
 * Runs one combination to completion; every id is eventually accepted.
 * MBX_E_INVALID for a config out of range, and for pace under
 * MBX_GROWTH_MOVING (pacing reads the ring unprotected, which would read freed memory).
 */
enum mbx_status mbx_stress_run(const struct mbx_stress_config *config,
                               struct mbx_stress_report *report);

/*
 * The mailbox queue: config's variant, wake, guest, base, growth, grow_times,
 * pace (producers as given), guest_pause_us and wait_timeout_ns. The guest
 * grows memory once per pass while grow_times lasts. Never skips a hole while
 * a producer can still publish into it (see the stale-base guard in stress.c).
 */
struct mbx_mailbox_queue;
enum mbx_status mbx_mailbox_queue_create(struct mbx_mailbox_queue **queue,
                                         const struct mbx_stress_config *config);
struct mbx_run_queue mbx_mailbox_queue_run(struct mbx_mailbox_queue *queue);
struct mbx_mailbox *mbx_mailbox_queue_mailbox(struct mbx_mailbox_queue *queue);
/* While it runs, from any thread: the guest's waits that expired with work pending. */
uint64_t mbx_mailbox_queue_expired_waits(const struct mbx_mailbox_queue *queue);
/* While it runs, from any thread: ids the guest has handed to the tally so far. */
uint64_t mbx_mailbox_queue_delivered(const struct mbx_mailbox_queue *queue);
/* After the run: guest counters, growths, stale_words, wedged. */
void mbx_mailbox_queue_report(const struct mbx_mailbox_queue *queue,
                              struct mbx_stress_report *report);
void mbx_mailbox_queue_destroy(struct mbx_mailbox_queue *queue);

#endif /* MBX_BENCH_STRESS_H */
