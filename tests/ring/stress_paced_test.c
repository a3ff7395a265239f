/* SPDX-License-Identifier: MIT */
/*
 * Multi-producer stress against the reference guest, paced so the ring never
 * overflows: 2, 3 and 4 producers (oversubscribed on 2 cores).
 *
 * Expected hazard: the seed enqueue advances tail before it stores the slot,
 * so the reference guest can take a slot before its store (stale) and that id
 * is then lost. The test asserts that nothing else goes wrong: no overwrite,
 * no duplicate, and every id not delivered is accounted for by a stale read.
 */
#include "check.h"
#include "stress.h"

static uint32_t ids_per_producer(void)
{
	return check_stress_ids(100000, 20000);
}

static void reference_paced_delivers_once_except_counted_stale_hazard(void)
{
	for (uint32_t producers = 2; producers <= 4; producers++) {
		struct mbx_stress_config config = {
		    .wake = MBX_WAKE_FUTEX,
		    .guest = MBX_GUEST_REFERENCE,
		    .producers = producers,
		    .ids_per_producer = ids_per_producer(),
		    .pace = true,
		    .wait_timeout_ns =
		        2000000, /* lost wake-ups are the reference's: recover fast */
		    .seed = producers,
		};
		struct mbx_stress_report report;

		CHECK_STATUS(mbx_variant_find("seed", &config.variant), MBX_OK);
		CHECK_STATUS(mbx_stress_run(&config, &report), MBX_OK);
		printf("  %u producers: delivered %llu stale %llu lost %llu lost-wakeups %llu\n",
		       producers, (unsigned long long)report.counts.delivered,
		       (unsigned long long)report.counts.stale,
		       (unsigned long long)report.counts.lost,
		       (unsigned long long)report.guest.lost_wakeups);
		CHECK_EQ(report.produced, (uint64_t)producers * config.ids_per_producer);
		CHECK_EQ(report.guest.overwritten, 0);
		CHECK_EQ(report.counts.duplicated, 0);
		CHECK_EQ(report.counts.delivered + report.counts.lost, report.produced);
		CHECK(report.counts.lost <= report.counts.stale);
	}
}

int main(void)
{
	RUN_CASE(reference_paced_delivers_once_except_counted_stale_hazard);
	return CHECK_EXIT();
}
