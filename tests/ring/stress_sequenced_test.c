/* SPDX-License-Identifier: MIT */
/*
 * Every variant that never overwrites (sequenced, wfcq) with the corrected
 * guest under every wake policy: 2-4 producers on 2 cores, pausing at random
 * so the guest sleeps often. Zero duplicated, stale, overwritten and lost ids
 * and zero lost wake-ups. Then every variant in the table, paced, with the
 * corrected guest: every id accounted for. Rows built on liburcu are skipped
 * under TSan (check_skip_opaque_to_tsan) and run under ASan.
 */
#include "check.h"
#include "stress.h"

static uint32_t total_ids_per_policy(void)
{
	return check_stress_ids(600000, 120000);
}

static void exactly_once(const struct mbx_variant *variant)
{
	for (size_t w = 0; w < mbx_wake_count(); w++) {
		uint64_t delivered = 0, waits = 0;

		for (uint32_t producers = 2; producers <= 4; producers++) {
			struct mbx_stress_config config = {
			    .variant = variant,
			    .wake = (enum mbx_wake_kind)w,
			    .guest = MBX_GUEST_CORRECTED,
			    .producers = producers,
			    .ids_per_producer = total_ids_per_policy() / 3 / producers,
			    .producer_pause_every = 2000,
			    .producer_pause_us = 200,
			    .wait_timeout_ns =
			        500000000, /* a preempted producer is not a lost wake */
			    .seed = w * 16 + producers,
			};
			struct mbx_stress_report report;

			CHECK_STATUS(mbx_stress_run(&config, &report), MBX_OK);
			CHECK_EQ(report.counts.delivered, report.produced);
			CHECK_EQ(report.counts.duplicated, 0);
			CHECK_EQ(report.counts.stale, 0);
			CHECK_EQ(report.counts.lost, 0);
			CHECK_EQ(report.guest.overwritten, 0);
			CHECK_EQ(report.guest.lost_wakeups, 0);
			delivered += report.counts.delivered;
			waits += report.guest.waits;
		}
		printf("  %-10s %-14s %llu ids delivered exactly once, %llu guest waits\n",
		       mbx_variant_name(variant), mbx_wake_name((enum mbx_wake_kind)w),
		       (unsigned long long)delivered, (unsigned long long)waits);
		CHECK(waits > 0);
	}
}

static void non_overwriting_variants_exactly_once_under_every_wake_policy(void)
{
	size_t tested = 0;

	for (size_t v = 0; v < mbx_variant_count(); v++) {
		const struct mbx_variant *variant = mbx_variant_at(v);

		if (mbx_variant_overwrites(variant) ||
		    check_skip_opaque_to_tsan(mbx_variant_opaque_to_tsan(variant),
		                              mbx_variant_name(variant)))
			continue;
		exactly_once(variant);
		tested++;
	}
	CHECK(tested >= 1); /* sequenced at least */
}

static void every_variant_accounts_for_every_id_with_the_corrected_guest(void)
{
	for (size_t v = 0; v < mbx_variant_count(); v++) {
		const struct mbx_variant *variant = mbx_variant_at(v);
		struct mbx_stress_config config = {
		    .variant = variant,
		    .wake = MBX_WAKE_FUTEX,
		    .guest = MBX_GUEST_CORRECTED,
		    .producers = 3,
		    .ids_per_producer = 20000,
		    .pace = true,
		    .wait_timeout_ns = 500000000,
		    .seed = v,
		};
		struct mbx_stress_report report;

		if (check_skip_opaque_to_tsan(mbx_variant_opaque_to_tsan(variant),
		                              mbx_variant_name(variant)))
			continue;
		CHECK_STATUS(mbx_stress_run(&config, &report), MBX_OK);
		CHECK_EQ(report.counts.delivered + report.counts.lost, report.produced);
		CHECK_EQ(report.counts.duplicated, 0);
		CHECK_EQ(report.guest.overwritten, 0);
	}
}

int main(void)
{
	RUN_CASE(non_overwriting_variants_exactly_once_under_every_wake_policy);
	RUN_CASE(every_variant_accounts_for_every_id_with_the_corrected_guest);
	return CHECK_EXIT();
}
