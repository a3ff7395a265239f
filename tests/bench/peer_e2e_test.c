/* SPDX-License-Identifier: MIT */
/*
 * Every peer this build found (bench/peer.h), through the one exactly-once
 * runner the benchmark uses (bench/run.h, the runner's own producer threads):
 * 2 producers x 20 000 ids (MBX_STRESS_IDS overrides) into one consumer
 * thread, every id delivered exactly once, no stall. The rings mbx writes
 * start their u32 indices at MBX_PEER_INDEX_START, 512 below the wrap; the
 * test does not observe the indices, so it does not assert that a run
 * crossed the wrap. First, each
 * peer alone on one thread: it holds 255 or 256 ids, says full, and gives them
 * back in order.
 * Under TSan, peers whose library synchronizes in inline asm (tsan_blind) are
 * skipped in the threaded case, and the output says which and why.
 */
#include "check.h"
#include "peer.h"
#include "run.h"

static void each_peer_holds_a_ring_and_returns_it_in_order(void)
{
	for (size_t i = 0; i < mbx_peer_count(); i++) {
		const struct mbx_peer_ops *ops = mbx_peer_at(i);
		void *queue = ops->create(1);
		uint32_t held = 0, ids[MBX_PEER_CAPACITY], n;

		CHECK(queue != NULL);
		if (!queue)
			continue;
		while (held <= MBX_PEER_CAPACITY &&
		       ops->enqueue(queue, 0, mbx_tally_id(0, held + 1)))
			held++;
		if (held < MBX_PEER_CAPACITY - 1 || held > MBX_PEER_CAPACITY)
			fprintf(stderr, "%s holds %u ids\n", ops->name, held);
		CHECK(held >= MBX_PEER_CAPACITY - 1 && held <= MBX_PEER_CAPACITY);
		n = ops->drain(queue, ids, MBX_PEER_CAPACITY);
		CHECK_EQ(n, held);
		for (uint32_t k = 0; k < n; k++)
			CHECK_EQ(ids[k], mbx_tally_id(0, k + 1));
		CHECK_EQ(ops->drain(queue, ids, MBX_PEER_CAPACITY), 0);
		CHECK(ops->enqueue(queue, 0, mbx_tally_id(0, 1000)));
		CHECK_EQ(ops->drain(queue, ids, 1), 1);
		CHECK_EQ(ids[0], mbx_tally_id(0, 1000));
		ops->destroy(queue);
	}
}

static void each_peer_delivers_every_id_exactly_once(void)
{
	const uint32_t ids = check_stress_ids(20000, 20000);

	for (size_t i = 0; i < mbx_peer_count(); i++) {
		const struct mbx_peer_ops *ops = mbx_peer_at(i);
		struct mbx_run_report report;

#ifdef MBX_TSAN_BUILD
		if (ops->tsan_blind) {
			printf("  %-10s skipped under TSan: %s\n", ops->name, ops->tsan_blind);
			continue;
		}
#endif
		struct mbx_run_peer peer = {.ops = ops, .queue = ops->create(2)};
		CHECK(peer.queue != NULL);
		if (!peer.queue)
			continue;
		struct mbx_run_config config = {
		    .queue = mbx_run_queue_peer(&peer), .producers = 2, .ids_per_producer = ids};
		CHECK_STATUS(mbx_run_threads(&config, NULL, &report), MBX_OK);
		ops->destroy(peer.queue);
		CHECK(!report.stalled);
		CHECK_EQ(report.accepted, 2ull * ids);
		CHECK_EQ(report.counts.delivered, 2ull * ids);
		CHECK_EQ(report.counts.duplicated, 0);
		CHECK_EQ(report.counts.stale, 0);
		CHECK_EQ(report.counts.lost, 0);
		uint64_t full = report.full_retries;
		printf("  %-10s %llu ids delivered exactly once, %llu full answers\n", ops->name,
		       (unsigned long long)report.counts.delivered, (unsigned long long)full);
	}
}

int main(void)
{
	printf("peers in this build:");
	for (size_t i = 0; i < mbx_peer_count(); i++)
		printf(" %s", mbx_peer_at(i)->name);
	printf("\n");
	RUN_CASE(each_peer_holds_a_ring_and_returns_it_in_order);
	RUN_CASE(each_peer_delivers_every_id_exactly_once);
	return CHECK_EXIT();
}
