/* SPDX-License-Identifier: MIT */
/*
 * Exactly-once accounting for stress tests, tools and benchmarks. Producers
 * enqueue ids that encode (producer, sequence), never 0; the guest records
 * every id it takes; the tally classifies:
 *   delivered   first sight of a valid id
 *   duplicated  an id seen before, taken in a drain that overflowed (replay)
 *   stale       0, an id seen before in a drain that did not overflow (read
 *               before its store: the previous lap's id), or an id no
 *               producer made
 *   lost        ids produced (and accepted) that were never delivered
 * Single-threaded: only the guest thread records. Every call but init
 * (calloc) and destroy (free) is wait-free.
 * Part of libmbx-sim (pkg-config mbx-sim, CMake mbx::sim), not of libmbx.
 */
#ifndef MBX_TALLY_H
#define MBX_TALLY_H

#include <stdbool.h>
#include <stdint.h>

#include <mbx/status.h>

#ifdef __cplusplus
extern "C" {
#endif

#define MBX_TALLY_PRODUCER_BITS 4u
#define MBX_TALLY_MAX_PRODUCERS (1u << MBX_TALLY_PRODUCER_BITS)
#define MBX_TALLY_SEQUENCE_BITS (32u - MBX_TALLY_PRODUCER_BITS)
#define MBX_TALLY_MAX_SEQUENCE  ((1u << MBX_TALLY_SEQUENCE_BITS) - 1u)

/* producer < 16, 1 <= sequence <= MBX_TALLY_MAX_SEQUENCE: never 0. */
static inline uint32_t mbx_tally_id(uint32_t producer, uint32_t sequence)
{
	return (producer << MBX_TALLY_SEQUENCE_BITS) | sequence;
}

struct mbx_tally_counts {
	uint64_t delivered;
	uint64_t duplicated;
	uint64_t stale;
	uint64_t lost;
};

struct mbx_tally {
	uint32_t producers;
	uint32_t ids_per_producer;
	uint64_t *seen; /* one bit per (producer, sequence) */
	struct mbx_tally_counts counts;
};

enum mbx_status mbx_tally_init(struct mbx_tally *tally, uint32_t producers,
                               uint32_t ids_per_producer);
void mbx_tally_destroy(struct mbx_tally *tally);
/* Nothing for a NULL or destroyed tally. */
void mbx_tally_record(struct mbx_tally *tally, uint32_t task_id, bool overflowed);
/* An mbx_deliver_fn over a struct mbx_tally context. */
void mbx_tally_deliver(void *tally, uint32_t task_id, bool overflowed);
/*
 * Counts with lost = produced - delivered; produced is what producers had
 * accepted. For NULL: all 0 but lost = produced.
 */
struct mbx_tally_counts mbx_tally_finish(const struct mbx_tally *tally, uint64_t produced);

#ifdef __cplusplus
}
#endif

#endif /* MBX_TALLY_H */
