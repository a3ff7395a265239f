/* SPDX-License-Identifier: MIT */
#include <stdlib.h>
#include <string.h>

#include <mbx/tally.h>

enum mbx_status mbx_tally_init(struct mbx_tally *tally, uint32_t producers,
                               uint32_t ids_per_producer)
{
	size_t bits;

	if (!tally || producers == 0 || producers > MBX_TALLY_MAX_PRODUCERS ||
	    ids_per_producer > MBX_TALLY_MAX_SEQUENCE)
		return MBX_E_INVALID;
	bits = (size_t)producers * ((size_t)ids_per_producer + 1);
	tally->seen = calloc((bits + 63) / 64, sizeof(uint64_t));
	if (!tally->seen)
		return MBX_E_NO_MEMORY;
	tally->producers = producers;
	tally->ids_per_producer = ids_per_producer;
	tally->reads = 0;
	memset(tally->last_read, 0, sizeof(tally->last_read));
	tally->counts = (struct mbx_tally_counts){0};
	return MBX_OK;
}

void mbx_tally_destroy(struct mbx_tally *tally)
{
	if (tally) {
		free(tally->seen);
		tally->seen = NULL;
	}
}

static bool seen_bit(const struct mbx_tally *tally, size_t bit)
{
	return (tally->seen[bit / 64] & (UINT64_C(1) << (bit % 64))) != 0;
}

/* A stale read at position tally->reads: name its cause (tally.h). */
static void count_stale(struct mbx_tally *tally, uint32_t task_id)
{
	uint32_t slot = (uint32_t)(tally->reads % MBX_CAPACITY);

	tally->counts.stale++;
	if (task_id == MBX_TASK_ID_NONE && tally->reads < MBX_CAPACITY)
		tally->counts.stale_unwritten++;
	else if (tally->reads >= MBX_CAPACITY && task_id == tally->last_read[slot])
		tally->counts.stale_previous_lap++;
	else if (tally->counts.stale ==
	         tally->counts.stale_unwritten + tally->counts.stale_previous_lap + 1)
		tally->counts.unexplained =
		    (struct mbx_tally_stale){.position = tally->reads,
		                             .id = task_id,
		                             .previous_lap = tally->last_read[slot]};
}

void mbx_tally_record(struct mbx_tally *tally, uint32_t task_id, bool overflowed)
{
	uint32_t producer = task_id >> MBX_TALLY_SEQUENCE_BITS;
	uint32_t sequence = task_id & MBX_TALLY_MAX_SEQUENCE;
	size_t bit;

	if (!tally || !tally->seen)
		return; /* NULL or destroyed: nothing to record into */
	bit = (size_t)producer * ((size_t)tally->ids_per_producer + 1) + sequence;
	if (producer >= tally->producers || sequence == 0 || sequence > tally->ids_per_producer)
		count_stale(tally, task_id);
	else if (seen_bit(tally, bit) && overflowed)
		tally->counts.duplicated++;
	else if (seen_bit(tally, bit))
		count_stale(tally, task_id);
	else {
		tally->seen[bit / 64] |= UINT64_C(1) << (bit % 64);
		tally->counts.delivered++;
	}
	tally->last_read[tally->reads % MBX_CAPACITY] = task_id;
	tally->reads++;
}

void mbx_tally_deliver(void *tally, uint32_t task_id, bool overflowed)
{
	mbx_tally_record(tally, task_id, overflowed);
}

struct mbx_tally_counts mbx_tally_finish(const struct mbx_tally *tally, uint64_t produced)
{
	struct mbx_tally_counts counts = tally ? tally->counts : (struct mbx_tally_counts){0};
	uint64_t given;

	if (!tally || !tally->seen) { /* no ids to look at */
		counts.lost = produced > counts.delivered ? produced - counts.delivered : 0;
		return counts;
	}
	given = (uint64_t)tally->producers * tally->ids_per_producer;
	counts.lost = 0;
	for (uint32_t producer = 0; producer < tally->producers; producer++) {
		size_t first = (size_t)producer * ((size_t)tally->ids_per_producer + 1);

		for (uint32_t sequence = 1; sequence <= tally->ids_per_producer; sequence++)
			counts.lost += !seen_bit(tally, first + sequence);
	}
	if (produced < given) /* never enqueued, so never lost */
		counts.lost = counts.lost > given - produced ? counts.lost - (given - produced) : 0;
	return counts;
}
