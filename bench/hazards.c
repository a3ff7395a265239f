/* SPDX-License-Identifier: MIT */
/*
 * mbx-hazards: runs variant x wake policy x guest combinations through the
 * shared stress body and prints what each one delivered, duplicated, read
 * stale, overwrote, lost, and how many wake-ups it lost.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "stress.h"

struct selection {
	bool variant[64];
	bool wake[MBX_WAKE_COUNT];
	bool guest[MBX_GUEST_COUNT];
};

static void usage(FILE *out)
{
	fprintf(out,
	        "usage: mbx-hazards [options]\n"
	        "Runs every variant x wake policy x guest combination (or a subset) with N\n"
	        "producers and one simulated guest, and prints a table (or JSON) of what\n"
	        "the guest received: delivered, duplicated, stale, overwritten, lost ids,\n"
	        "lost wake-ups (bounded waits that expired with work pending), full retries\n"
	        "(back-pressure from sequenced) and ids/s.\n\n"
	        "  --variant NAME[,NAME]  variants (default: all)\n"
	        "  --wake NAME[,NAME]     wake policies (default: all)\n"
	        "  --guest NAME[,NAME]    guests: reference, corrected (default: both)\n"
	        "  --producers N          producer threads, 1..%u (default 2)\n"
	        "  --ids N                ids per producer (default 20000)\n"
	        "  --pause-guest US       the guest stalls US microseconds after each drain,\n"
	        "                         so an overwriting ring overflows (default 0)\n"
	        "  --timeout-ms MS        the guest's bounded wait (default 5)\n"
	        "  --json                 one JSON array of objects instead of the table\n"
	        "  --help                 this text\n",
	        MBX_TALLY_MAX_PRODUCERS);
}

static int fail(const char *what, const char *value)
{
	fprintf(stderr, "mbx-hazards: %s '%s' (see --help)\n", what, value);
	return 2;
}

static bool parse_number(const char *text, unsigned long minimum, unsigned long maximum,
                         unsigned long *out)
{
	char *end;
	unsigned long value;

	errno = 0;
	value = strtoul(text, &end, 10);
	if (errno || end == text || *end || text[0] == '-' || value < minimum || value > maximum)
		return false;
	*out = value;
	return true;
}

/* Marks each comma-separated name; returns the first unknown name or NULL. */
static const char *select_names(char *list, int kind, struct selection *selection)
{
	for (char *name = strtok(list, ","); name; name = strtok(NULL, ",")) {
		enum mbx_guest_kind guest;
		bool found = false;

		if (kind == 'v') {
			for (size_t i = 0; i < mbx_variant_count(); i++)
				if (strcmp(mbx_variant_at(i)->name, name) == 0)
					found = selection->variant[i] = true;
		} else if (kind == 'w') {
			const struct mbx_wake *wake = mbx_wake_find(name);

			if (wake)
				found = selection->wake[wake->kind] = true;
		} else if (mbx_guest_find(name, &guest) == MBX_OK) {
			found = selection->guest[guest] = true;
		}
		if (!found)
			return name;
	}
	return NULL;
}

static void fill_unselected(bool *flags, size_t count)
{
	for (size_t i = 0; i < count; i++)
		if (flags[i])
			return;
	for (size_t i = 0; i < count; i++)
		flags[i] = true;
}

static void print_row(bool json, bool first, const char *variant, const char *wake,
                      const char *guest, const struct mbx_stress_report *r)
{
	if (json) {
		printf("%s\n  {\"variant\": \"%s\", \"wake\": \"%s\", \"guest\": \"%s\", "
		       "\"produced\": %llu, \"delivered\": %llu, \"duplicated\": %llu, "
		       "\"stale\": %llu, \"overwritten\": %llu, \"lost\": %llu, "
		       "\"lost_wakeups\": %llu, \"full_retries\": %llu, \"ids_per_second\": %.0f}",
		       first ? "" : ",", variant, wake, guest, (unsigned long long)r->produced,
		       (unsigned long long)r->counts.delivered,
		       (unsigned long long)r->counts.duplicated,
		       (unsigned long long)r->counts.stale,
		       (unsigned long long)r->guest.overwritten, (unsigned long long)r->counts.lost,
		       (unsigned long long)r->guest.lost_wakeups,
		       (unsigned long long)r->full_retries, r->ids_per_second);
		return;
	}
	printf("%-10s %-13s %-10s %10llu %10llu %8llu %11llu %8llu %12llu %12llu %11.2f\n", variant,
	       wake, guest, (unsigned long long)r->counts.delivered,
	       (unsigned long long)r->counts.duplicated, (unsigned long long)r->counts.stale,
	       (unsigned long long)r->guest.overwritten, (unsigned long long)r->counts.lost,
	       (unsigned long long)r->guest.lost_wakeups, (unsigned long long)r->full_retries,
	       r->ids_per_second / 1e6);
}

int main(int argc, char **argv)
{
	static const struct option options[] = {
	    {"variant", required_argument, NULL, 'v'},
	    {"wake", required_argument, NULL, 'w'},
	    {"guest", required_argument, NULL, 'g'},
	    {"producers", required_argument, NULL, 'p'},
	    {"ids", required_argument, NULL, 'i'},
	    {"pause-guest", required_argument, NULL, 'P'},
	    {"timeout-ms", required_argument, NULL, 't'},
	    {"json", no_argument, NULL, 'j'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	struct selection selection = {0};
	unsigned long producers = 2, ids = 20000, pause_us = 0, timeout_ms = 5;
	bool json = false, progress = isatty(STDERR_FILENO), first = true;
	size_t total = 0, done = 0;
	const char *unknown;
	int option;

	while ((option = getopt_long(argc, argv, "", options, NULL)) != -1) {
		switch (option) {
		case 'v':
		case 'w':
		case 'g':
			unknown = select_names(optarg, option, &selection);
			if (unknown)
				return fail(option == 'v'   ? "unknown variant"
				            : option == 'w' ? "unknown wake policy"
				                            : "unknown guest",
				            unknown);
			break;
		case 'p':
			if (!parse_number(optarg, 1, MBX_TALLY_MAX_PRODUCERS, &producers))
				return fail("--producers wants 1..16, not", optarg);
			break;
		case 'i':
			if (!parse_number(optarg, 1, MBX_TALLY_MAX_SEQUENCE, &ids))
				return fail("--ids wants a positive count, not", optarg);
			break;
		case 'P':
			if (!parse_number(optarg, 0, 10000000, &pause_us))
				return fail("--pause-guest wants microseconds, not", optarg);
			break;
		case 't':
			if (!parse_number(optarg, 1, 60000, &timeout_ms))
				return fail("--timeout-ms wants 1..60000, not", optarg);
			break;
		case 'j':
			json = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind < argc)
		return fail("unexpected argument", argv[optind]);
	fill_unselected(selection.variant, mbx_variant_count());
	fill_unselected(selection.wake, MBX_WAKE_COUNT);
	fill_unselected(selection.guest, MBX_GUEST_COUNT);
	for (size_t v = 0; v < mbx_variant_count(); v++)
		for (size_t w = 0; w < MBX_WAKE_COUNT; w++)
			for (size_t g = 0; g < MBX_GUEST_COUNT; g++)
				total +=
				    selection.variant[v] && selection.wake[w] && selection.guest[g];
	if (json)
		printf("[");
	else
		printf("%-10s %-13s %-10s %10s %10s %8s %11s %8s %12s %12s %11s\n", "variant",
		       "wake", "guest", "delivered", "duplicated", "stale", "overwritten", "lost",
		       "lost_wakeups", "full_retries", "Mids/s");
	for (size_t v = 0; v < mbx_variant_count(); v++) {
		for (size_t w = 0; w < MBX_WAKE_COUNT; w++) {
			for (size_t g = 0; g < MBX_GUEST_COUNT; g++) {
				const struct mbx_variant *variant = mbx_variant_at(v);
				struct mbx_stress_config config = {
				    .variant = variant,
				    .wake = (enum mbx_wake_kind)w,
				    .guest = (enum mbx_guest_kind)g,
				    .producers = (uint32_t)producers,
				    .ids_per_producer = (uint32_t)ids,
				    .guest_pause_us = (uint32_t)pause_us,
				    .wait_timeout_ns = timeout_ms * 1000000u,
				    .seed = v * 100 + w * 10 + g,
				};
				struct mbx_stress_report report;
				enum mbx_status status;

				if (!selection.variant[v] || !selection.wake[w] ||
				    !selection.guest[g])
					continue;
				if (progress)
					fprintf(stderr, "\r[%zu/%zu] %s/%s/%s          ", ++done,
					        total, variant->name, mbx_wake_at(w)->name,
					        mbx_guest_name((enum mbx_guest_kind)g));
				status = mbx_stress_run(&config, &report);
				if (status != MBX_OK) {
					fprintf(stderr, "\nmbx-hazards: %s/%s/%s: %s\n",
					        variant->name, mbx_wake_at(w)->name,
					        mbx_guest_name((enum mbx_guest_kind)g),
					        mbx_strerror(status));
					return 1;
				}
				print_row(json, first, variant->name, mbx_wake_at(w)->name,
				          mbx_guest_name((enum mbx_guest_kind)g), &report);
				first = false;
				fflush(stdout);
			}
		}
	}
	if (progress)
		fprintf(stderr, "\r%60s\r", "");
	if (json)
		printf("\n]\n");
	return 0;
}
