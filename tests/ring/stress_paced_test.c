/* SPDX-License-Identifier: MIT */
/*
 * Multi-producer stress against the reference guest, paced so the ring never
 * overflows: 2, 3 and 4 producers (oversubscribed on 2 cores).
 *
 * Expected hazard: the seed enqueue advances tail before it stores the slot,
 * so the reference guest can take a slot before its store (stale). The test
 * asserts the hazard's cause and its bound, from counts the code produced:
 *  - produced, counted by the producers, is every id they were given;
 *  - no overwrite (the guest's count) and no duplicate (the tally's);
 *  - every stale read has the publication race as its cause: the tally found
 *    in the slot either the id it read there one lap earlier or, on the first
 *    lap, 0 (a wrong slot or garbage would be neither);
 *  - at most one stale read per producer per drain pass: a producer has at
 *    most one position claimed and not stored, and a pass reads only
 *    positions below the tail it read first;
 *  - the guest read every position once: taken (the guest's count) equals
 *    produced (the producers').
 * lost (ids the guest never saw) is printed, not asserted: with each position
 * read once it equals stale by arithmetic. The race is not required to
 * appear here (under TSan a run sees a handful of stale reads, some none);
 * hazard_schedule_test forces it every time.
 */
#include "check.h"
#include "stress.h"

static uint32_t ids_per_producer(void)
{
	return check_stress_ids(100000, 20000);
}

static void reference_paced_stale_reads_are_the_publication_race_expected_hazard(void)
{
	uint64_t stale = 0;

	for (uint32_t producers = 2; producers <= 4; producers++) {
		struct mbx_stress_config config = {
		    .wake = MBX_WAKE_FUTEX,
		    .guest = MBX_GUEST_REFERENCE,
		    .producers = producers,
		    .ids_per_producer = ids_per_producer(),
		    .pace = true,
		    .seed = producers,
		};
		struct mbx_stress_report report;

		CHECK_STATUS(mbx_variant_find("seed", &config.variant), MBX_OK);
		CHECK_STATUS(mbx_stress_run(&config, &report), MBX_OK);
		printf(
		    "  %u producers: delivered %llu stale %llu (unwritten %llu, previous lap "
		    "%llu) lost %llu, %llu drains, lost wake-ups %llu, head-of-line stalls %llu\n",
		    producers, (unsigned long long)report.counts.delivered,
		    (unsigned long long)report.counts.stale,
		    (unsigned long long)report.counts.stale_unwritten,
		    (unsigned long long)report.counts.stale_previous_lap,
		    (unsigned long long)report.counts.lost, (unsigned long long)report.guest.drains,
		    (unsigned long long)report.guest.lost_wakeups,
		    (unsigned long long)report.guest.head_of_line_stalls);
		CHECK_EQ(report.produced, (uint64_t)producers * config.ids_per_producer);
		CHECK_EQ(report.guest.taken, report.produced);
		CHECK_EQ(report.guest.overwritten, 0);
		CHECK_EQ(report.counts.duplicated, 0);
		CHECK_EQ(report.counts.stale_unwritten + report.counts.stale_previous_lap,
		         report.counts.stale);
		if (report.counts.stale_unwritten + report.counts.stale_previous_lap !=
		    report.counts.stale)
			fprintf(
			    stderr,
			    "  first stale read with no cause: position %llu (slot %llu, lap "
			    "%llu) held %#x, the guest read %#x there a lap earlier\n",
			    (unsigned long long)report.counts.unexplained.position,
			    (unsigned long long)(report.counts.unexplained.position % MBX_CAPACITY),
			    (unsigned long long)(report.counts.unexplained.position / MBX_CAPACITY),
			    report.counts.unexplained.id, report.counts.unexplained.previous_lap);
		CHECK(report.counts.stale <= report.guest.drains * producers);
		stale += report.counts.stale;
	}
	printf("  %llu stale reads in all, each the publication race\n", (unsigned long long)stale);
}

int main(int argc, char **argv)
{
	CHECK_MAIN(argc, argv);
	RUN_CASE(reference_paced_stale_reads_are_the_publication_race_expected_hazard);
	return CHECK_EXIT();
}
