/* SPDX-License-Identifier: MIT */
/*
 * The one stress body every exactly-once test, mbx-hazards and the e2e
 * benchmark share: N producer threads enqueue ids that encode (producer,
 * sequence) through one (variant, wake policy) pair while a guest thread
 * drains and sleeps; the tally classifies what the guest took. With
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
	uint64_t wedged; /* guest gave up on a hole no producer will fill (skipped, counted lost) */
};

/*
 * Runs one combination to completion; every id is eventually accepted.
 * MBX_E_INVALID for a config out of range, and for pace under
 * MBX_GROWTH_MOVING (pacing reads the ring unprotected, which would read freed memory).
 */
enum mbx_status mbx_stress_run(const struct mbx_stress_config *config,
                               struct mbx_stress_report *report);

#endif /* MBX_BENCH_STRESS_H */
