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
 *   lost        ids accepted by enqueue that the guest never took: counted
 *               at finish from the ids never seen, over every producer's
 *               sequences 1..ids_per_producer (see mbx_tally_finish)
 * A stale read's cause, counted when the guest reads every ring position
 * once, in order, from position 0 (the reference guest on a ring that never
 * overflowed: the n-th record is position n):
 *   stale_unwritten      a 0 read on the first lap: the slot was never stored
 *   stale_previous_lap   the id the guest read at the same slot one lap (256
 *                        positions) earlier: the slot was read before this
 *                        lap's store
 * Any other stale read (a wrong slot, garbage) is neither.
 * Single-threaded: only the guest thread records. Every call but init
 * (calloc) and destroy (free) is wait-free; finish is linear in the ids.
 * Part of libmbx-sim (pkg-config mbx-sim, CMake mbx::sim), not of libmbx.
 */
#ifndef MBX_TALLY_H
#define MBX_TALLY_H

#include <stdbool.h>
#include <stdint.h>

#include <mbx/abi.h>
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
	uint64_t stale_unwritten;
	uint64_t stale_previous_lap;
	/* The first stale read with neither cause (valid when stale exceeds the two). */
	struct mbx_tally_stale {
		uint64_t position;     /* its position: slot position % 256, lap position / 256 */
		uint32_t id;           /* what the guest read there */
		uint32_t previous_lap; /* what it read at that slot one lap earlier */
	} unexplained;
};

struct mbx_tally {
	uint32_t producers;
	uint32_t ids_per_producer;
	uint64_t *seen; /* one bit per (producer, sequence) */
	uint64_t reads; /* records so far: the position, under the in-order reading above */
	uint32_t last_read[MBX_CAPACITY]; /* the id recorded at each slot, one lap ago */
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
 * The counts, with lost counted from the ids never seen. produced: the
 * producers' own count of ids enqueue accepted. When it falls short of
 * producers x ids_per_producer (a producer stopped early), the ids never
 * enqueued are taken off lost, by arithmetic: compare produced with what the
 * producers were given before trusting lost then. For NULL (or a destroyed
 * tally, which has no ids to look at): lost = produced - delivered.
 */
struct mbx_tally_counts mbx_tally_finish(const struct mbx_tally *tally, uint64_t produced);

#ifdef __cplusplus
}
#endif

#endif /* MBX_TALLY_H */
