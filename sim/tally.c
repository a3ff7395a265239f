/* SPDX-License-Identifier: MIT */
#include <stdlib.h>

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

void mbx_tally_record(struct mbx_tally *tally, uint32_t task_id, bool overflowed)
{
	uint32_t producer = task_id >> MBX_TALLY_SEQUENCE_BITS;
	uint32_t sequence = task_id & MBX_TALLY_MAX_SEQUENCE;
	size_t bit;

	if (!tally || !tally->seen)
		return; /* NULL or destroyed: nothing to record into */
	if (producer >= tally->producers || sequence == 0 || sequence > tally->ids_per_producer) {
		tally->counts.stale++;
		return;
	}
	bit = (size_t)producer * ((size_t)tally->ids_per_producer + 1) + sequence;
	if (tally->seen[bit / 64] & (UINT64_C(1) << (bit % 64))) {
		if (overflowed)
			tally->counts.duplicated++;
		else
			tally->counts.stale++;
		return;
	}
	tally->seen[bit / 64] |= UINT64_C(1) << (bit % 64);
	tally->counts.delivered++;
}

void mbx_tally_deliver(void *tally, uint32_t task_id, bool overflowed)
{
	mbx_tally_record(tally, task_id, overflowed);
}

struct mbx_tally_counts mbx_tally_finish(const struct mbx_tally *tally, uint64_t produced)
{
	struct mbx_tally_counts counts = tally ? tally->counts : (struct mbx_tally_counts){0};

	counts.lost = produced > counts.delivered ? produced - counts.delivered : 0;
	return counts;
}
