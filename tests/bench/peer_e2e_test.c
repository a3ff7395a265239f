/* SPDX-License-Identifier: MIT */
/*
 * Every peer this build found (bench/peer.h), through the shared e2e run the
 * benchmark uses: 2 producers x 20 000 ids (MBX_STRESS_IDS overrides) into one
 * consumer thread, every id delivered exactly once, no stall. The rings mbx
 * writes start their u32 indices at MBX_PEER_INDEX_START, 512 below the wrap;
 * the test does not observe the indices, so it does not assert that a run
 * crossed the wrap. First, each
 * peer alone on one thread: it holds 255 or 256 ids, says full, and gives them
 * back in order.
 * Under TSan, peers whose library synchronizes in inline asm (tsan_blind) are
 * skipped in the threaded case, and the output says which and why.
 */
#include <pthread.h>

#include "check.h"
#include "peer.h"

struct producer {
	struct mbx_peer_run *run;
	uint32_t index;
	uint32_t ids;
	uint64_t full;
	bool awaited;
	pthread_t thread;
};

static void *producer_main(void *argument)
{
	struct producer *p = argument;

	for (uint32_t seq = 1; seq <= p->ids; seq++)
		p->full += mbx_peer_run_enqueue(p->run, p->index, mbx_tally_id(p->index, seq));
	p->awaited = mbx_peer_run_await(p->run);
	return NULL;
}

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
		struct producer producers[2];
		struct mbx_peer_report report;
		uint64_t full = 0;

#ifdef MBX_TSAN_BUILD
		if (ops->tsan_blind) {
			printf("  %-10s skipped under TSan: %s\n", ops->name, ops->tsan_blind);
			continue;
		}
#endif
		struct mbx_peer_run *run = mbx_peer_run_start(ops, 2, ids, NULL);
		CHECK(run != NULL);
		if (!run)
			continue;
		for (uint32_t p = 0; p < 2; p++) {
			producers[p] = (struct producer){.run = run, .index = p, .ids = ids};
			CHECK_EQ(pthread_create(&producers[p].thread, NULL, producer_main,
			                        &producers[p]),
			         0);
		}
		for (uint32_t p = 0; p < 2; p++) {
			pthread_join(producers[p].thread, NULL);
			CHECK(producers[p].awaited);
			full += producers[p].full;
		}
		mbx_peer_run_finish(run, &report);
		CHECK(!report.stalled);
		CHECK_EQ(report.counts.delivered, 2ull * ids);
		CHECK_EQ(report.counts.duplicated, 0);
		CHECK_EQ(report.counts.stale, 0);
		CHECK_EQ(report.counts.lost, 0);
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
