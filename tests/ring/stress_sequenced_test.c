/* SPDX-License-Identifier: MIT */
/*
 * Every variant that never overwrites (sequenced, wfcq) with the corrected
 * guest under every wake policy: 2-4 producers on 2 cores, pausing at random
 * so the guest sleeps often. Then every variant in the table, paced so that
 * even the overwriting ones never overflow, with the corrected guest. Each run
 * asserts counts the code produced, never one derived from another:
 * delivered (the tally: ids seen once) equals produced (the producers' own
 * count of accepted ids), which is every id they were given; lost (the tally:
 * ids never seen), duplicated and stale (the tally), overwritten and lost
 * wake-ups (the guest) are 0. Head-of-line stalls (a producer preempted
 * between claim and store) are printed, not asserted: they are the
 * scheduler's, not a fault.
 *
 * Rows built on liburcu (wfcq, urcu) run in cases of their own, skipped
 * without liburcu and under TSan (check_skip_without_liburcu).
 */
#include "check.h"
#include "stress.h"

static uint32_t total_ids_per_policy(void)
{
	return check_stress_ids(600000, 120000);
}

static void check_exactly_once(const struct mbx_stress_config *config,
                               const struct mbx_stress_report *report)
{
	CHECK_EQ(report->produced, (uint64_t)config->producers * config->ids_per_producer);
	CHECK_EQ(report->counts.delivered, report->produced);
	CHECK_EQ(report->counts.lost, 0);
	CHECK_EQ(report->counts.duplicated, 0);
	CHECK_EQ(report->counts.stale, 0);
	CHECK_EQ(report->guest.overwritten, 0);
	CHECK_EQ(report->guest.lost_wakeups, 0);
}

static void exactly_once(const struct mbx_variant *variant)
{
	for (size_t w = 0; w < mbx_wake_count(); w++) {
		uint64_t delivered = 0, waits = 0, stalls = 0, stall_max_ns = 0;

		for (uint32_t producers = 2; producers <= 4; producers++) {
			struct mbx_stress_config config = {
			    .variant = variant,
			    .wake = (enum mbx_wake_kind)w,
			    .guest = MBX_GUEST_CORRECTED,
			    .producers = producers,
			    .ids_per_producer = total_ids_per_policy() / 3 / producers,
			    .producer_pause_every = 2000,
			    .producer_pause_us = 200,
			    .seed = w * 16 + producers,
			};
			struct mbx_stress_report report;

			CHECK_STATUS(mbx_stress_run(&config, &report), MBX_OK);
			check_exactly_once(&config, &report);
			delivered += report.counts.delivered;
			waits += report.guest.waits;
			stalls += report.guest.head_of_line_stalls;
			if (report.guest.head_of_line_stall_max_ns > stall_max_ns)
				stall_max_ns = report.guest.head_of_line_stall_max_ns;
		}
		printf("  %-10s %-14s %llu ids delivered exactly once, %llu guest waits, "
		       "%llu head-of-line stalls (longest %.1f ms)\n",
		       mbx_variant_name(variant), mbx_wake_name((enum mbx_wake_kind)w),
		       (unsigned long long)delivered, (unsigned long long)waits,
		       (unsigned long long)stalls, (double)stall_max_ns / 1e6);
		CHECK(waits > 0);
	}
}

static void non_overwriting_variants(bool liburcu)
{
	size_t tested = 0;

	for (size_t v = 0; v < mbx_variant_count(); v++) {
		const struct mbx_variant *variant = mbx_variant_at(v);

		if (mbx_variant_overwrites(variant) ||
		    mbx_variant_opaque_to_tsan(variant) != liburcu)
			continue;
		exactly_once(variant);
		tested++;
	}
	CHECK(tested >= 1); /* sequenced; wfcq */
}

static void sequenced_exactly_once_under_every_wake_policy(void)
{
	non_overwriting_variants(false);
}

static void liburcu_wfcq_exactly_once_under_every_wake_policy(void)
{
	if (!check_skip_without_liburcu())
		non_overwriting_variants(true);
}

static void every_variant_paced(bool liburcu)
{
	size_t tested = 0;

	for (size_t v = 0; v < mbx_variant_count(); v++) {
		const struct mbx_variant *variant = mbx_variant_at(v);
		struct mbx_stress_config config = {
		    .variant = variant,
		    .wake = MBX_WAKE_FUTEX,
		    .guest = MBX_GUEST_CORRECTED,
		    .producers = 3,
		    .ids_per_producer = 20000,
		    .pace = true,
		    .seed = v,
		};
		struct mbx_stress_report report;

		if (mbx_variant_opaque_to_tsan(variant) != liburcu)
			continue;
		CHECK_STATUS(mbx_stress_run(&config, &report), MBX_OK);
		check_exactly_once(&config, &report);
		printf("  %-10s paced: %llu of %llu ids delivered exactly once, %llu head-of-line "
		       "stalls\n",
		       mbx_variant_name(variant), (unsigned long long)report.counts.delivered,
		       (unsigned long long)report.produced,
		       (unsigned long long)report.guest.head_of_line_stalls);
		tested++;
	}
	CHECK(tested >= 1);
}

static void every_variant_paced_delivers_every_id_once_to_the_corrected_guest(void)
{
	every_variant_paced(false);
}

static void liburcu_variants_paced_deliver_every_id_once_to_the_corrected_guest(void)
{
	if (!check_skip_without_liburcu())
		every_variant_paced(true);
}

int main(int argc, char **argv)
{
	CHECK_MAIN(argc, argv);
	RUN_CASE(sequenced_exactly_once_under_every_wake_policy);
	RUN_CASE(liburcu_wfcq_exactly_once_under_every_wake_policy);
	RUN_CASE(every_variant_paced_delivers_every_id_once_to_the_corrected_guest);
	RUN_CASE(liburcu_variants_paced_deliver_every_id_once_to_the_corrected_guest);
	return CHECK_EXIT();
}
