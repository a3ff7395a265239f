/* SPDX-License-Identifier: MIT */
/*
 * The one stress body every exactly-once test, mbx-hazards and the e2e
 * benchmark share: N producer threads enqueue ids that encode (producer,
 * sequence) through one (variant, wake policy) pair while a guest thread
 * drains and sleeps; the tally classifies what the guest took.
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
	uint32_t guest_pause_us;  /* the guest stalls this long after each drain */
	uint64_t wait_timeout_ns; /* the guest's bounded wait (default 50 ms) */
	uint64_t seed;            /* for the random pauses */
};

struct mbx_stress_report {
	struct mbx_tally_counts counts;
	struct mbx_guest_counters guest;
	uint64_t produced;     /* ids accepted by enqueue */
	uint64_t full_retries; /* MBX_E_FULL answers (back-pressure), retried */
	uint64_t elapsed_ns;
	double ids_per_second;
};

/* Runs one combination to completion; every id is eventually accepted. */
enum mbx_status mbx_stress_run(const struct mbx_stress_config *config,
                               struct mbx_stress_report *report);

#endif /* MBX_BENCH_STRESS_H */
