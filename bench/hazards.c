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
	bool base[16];
};

static void usage(FILE *out)
{
	fprintf(out,
	        "usage: mbx-hazards [options]\n"
	        "Runs every variant x wake policy x guest combination (or a subset) with N\n"
	        "producers and one simulated guest, and prints a table (or JSON) of what\n"
	        "the guest received: delivered, duplicated, stale, overwritten, lost ids,\n"
	        "lost wake-ups and head-of-line stalls (bounded waits that expired with a\n"
	        "published id at head, or with a claimed but unpublished slot there: the\n"
	        "definitions are in mbx/guest.h), full retries (back-pressure from\n"
	        "sequenced) and ids/s.\n\n"
	        "  --variant NAME[,NAME]  variants (default: all)\n"
	        "  --wake NAME[,NAME]     wake policies (default: all)\n"
	        "  --guest NAME[,NAME]    guests: reference, corrected (default: both)\n"
	        "  --base NAME[,NAME]     base policies: atomic (the reference), rcu_memb,\n"
	        "                         rcu_mb, rcu_qsbr (default: atomic)\n"
	        "  --grow N               the guest moves linear memory N times (one page\n"
	        "                         each) while producers run; released blocks are\n"
	        "                         kept as dead pages, so writes through a stale base\n"
	        "                         show as lost ids and stale_words (default 0)\n"
	        "  --producers N          producer threads, 1..%u (default 2)\n"
	        "  --ids N                ids per producer (default 20000)\n"
	        "  --pause-guest US       the guest stalls US microseconds after each drain,\n"
	        "                         so an overwriting ring overflows (default 0)\n"
	        "  --timeout-ms MS        the guest's bounded wait (default %llu)\n"
	        "  --json                 one JSON array of objects instead of the table\n"
	        "  --help                 this text\n",
	        MBX_TALLY_MAX_PRODUCERS, (unsigned long long)(MBX_GUEST_WAIT_NS / 1000000u));
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
				if (strcmp(mbx_variant_name(mbx_variant_at(i)), name) == 0)
					found = selection->variant[i] = true;
		} else if (kind == 'w') {
			enum mbx_wake_kind wake;

			if (mbx_wake_find(name, &wake) == MBX_OK)
				found = selection->wake[wake] = true;
		} else if (kind == 'b') {
			for (size_t i = 0; i < mbx_base_count(); i++)
				if (strcmp(mbx_base_name(mbx_base_at(i)), name) == 0)
					found = selection->base[i] = true;
		} else if (mbx_guest_find(name, &guest) == MBX_OK) {
			found = selection->guest[guest] = true;
		}
		if (!found)
			return name;
	}
	return NULL;
}

static bool any_selected(const bool *flags, size_t count)
{
	for (size_t i = 0; i < count; i++)
		if (flags[i])
			return true;
	return false;
}

static void fill_unselected(bool *flags, size_t count)
{
	if (any_selected(flags, count))
		return;
	for (size_t i = 0; i < count; i++)
		flags[i] = true;
}

static void print_row(bool json, bool first, const struct mbx_stress_config *c,
                      const struct mbx_stress_report *r)
{
	const char *variant = mbx_variant_name(c->variant), *wake = mbx_wake_name(c->wake),
	           *guest = mbx_guest_name(c->guest), *base = mbx_base_name(c->base);

	if (json) {
		printf("%s\n  {\"variant\": \"%s\", \"wake\": \"%s\", \"guest\": \"%s\", "
		       "\"base\": \"%s\", \"growths\": %u, \"stale_words\": %llu, "
		       "\"wedged\": %llu, "
		       "\"produced\": %llu, \"delivered\": %llu, \"duplicated\": %llu, "
		       "\"stale\": %llu, \"overwritten\": %llu, \"lost\": %llu, "
		       "\"lost_wakeups\": %llu, \"head_of_line_stalls\": %llu, "
		       "\"head_of_line_stall_ns\": %llu, \"head_of_line_stall_max_ns\": %llu, "
		       "\"full_retries\": %llu, \"ids_per_second\": %.0f}",
		       first ? "" : ",", variant, wake, guest, base, r->growths,
		       (unsigned long long)r->stale_words, (unsigned long long)r->wedged,
		       (unsigned long long)r->produced, (unsigned long long)r->counts.delivered,
		       (unsigned long long)r->counts.duplicated,
		       (unsigned long long)r->counts.stale,
		       (unsigned long long)r->guest.overwritten, (unsigned long long)r->counts.lost,
		       (unsigned long long)r->guest.lost_wakeups,
		       (unsigned long long)r->guest.head_of_line_stalls,
		       (unsigned long long)r->guest.head_of_line_stall_ns,
		       (unsigned long long)r->guest.head_of_line_stall_max_ns,
		       (unsigned long long)r->full_retries, r->ids_per_second);
		return;
	}
	printf("%-10s %-14s %-10s %-9s %10llu %10llu %8llu %11llu %8llu %12llu %10llu %10.1f "
	       "%12llu %11.2f",
	       variant, wake, guest, base, (unsigned long long)r->counts.delivered,
	       (unsigned long long)r->counts.duplicated, (unsigned long long)r->counts.stale,
	       (unsigned long long)r->guest.overwritten, (unsigned long long)r->counts.lost,
	       (unsigned long long)r->guest.lost_wakeups,
	       (unsigned long long)r->guest.head_of_line_stalls,
	       (double)r->guest.head_of_line_stall_max_ns / 1e6,
	       (unsigned long long)r->full_retries, r->ids_per_second / 1e6);
	if (c->grow_times)
		printf(" %7u %11llu %6llu", r->growths, (unsigned long long)r->stale_words,
		       (unsigned long long)r->wedged);
	printf("\n");
}

/* Every selected combination; 0 when all ran, 1 at the first that could not. */
static int run_selected(const struct selection *selection, const struct mbx_stress_config *base,
                        bool json, bool progress)
{
	size_t total = 0, done = 0;
	bool first = true;

	for (size_t v = 0; v < mbx_variant_count(); v++)
		for (size_t w = 0; w < MBX_WAKE_COUNT; w++)
			for (size_t g = 0; g < MBX_GUEST_COUNT; g++)
				for (size_t b = 0; b < mbx_base_count(); b++)
					total += selection->variant[v] && selection->wake[w] &&
					         selection->guest[g] && selection->base[b];
	for (size_t v = 0; v < mbx_variant_count(); v++)
		for (size_t w = 0; w < MBX_WAKE_COUNT; w++)
			for (size_t g = 0; g < MBX_GUEST_COUNT; g++)
				for (size_t b = 0; b < mbx_base_count(); b++) {
					struct mbx_stress_config config = *base;
					struct mbx_stress_report report;
					enum mbx_status status;

					if (!selection->variant[v] || !selection->wake[w] ||
					    !selection->guest[g] || !selection->base[b])
						continue;
					config.variant = mbx_variant_at(v);
					config.wake = (enum mbx_wake_kind)w;
					config.guest = (enum mbx_guest_kind)g;
					config.base = mbx_base_at(b);
					config.seed = v * 1000 + w * 100 + g * 10 + b;
					if (progress)
						fprintf(stderr, "\r[%zu/%zu] %s/%s/%s/%s          ",
						        ++done, total,
						        mbx_variant_name(config.variant),
						        mbx_wake_name((enum mbx_wake_kind)w),
						        mbx_guest_name(config.guest),
						        mbx_base_name(config.base));
					status = mbx_stress_run(&config, &report);
					if (status != MBX_OK) {
						fprintf(stderr, "\nmbx-hazards: %s/%s/%s/%s: %s\n",
						        mbx_variant_name(config.variant),
						        mbx_wake_name((enum mbx_wake_kind)w),
						        mbx_guest_name(config.guest),
						        mbx_base_name(config.base),
						        mbx_strerror(status));
						return 1;
					}
					print_row(json, first, &config, &report);
					first = false;
					fflush(stdout);
				}
	if (progress)
		fprintf(stderr, "\r%70s\r", "");
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option options[] = {
	    {"variant", required_argument, NULL, 'v'},
	    {"wake", required_argument, NULL, 'w'},
	    {"guest", required_argument, NULL, 'g'},
	    {"base", required_argument, NULL, 'b'},
	    {"grow", required_argument, NULL, 'G'},
	    {"producers", required_argument, NULL, 'p'},
	    {"ids", required_argument, NULL, 'i'},
	    {"pause-guest", required_argument, NULL, 'P'},
	    {"timeout-ms", required_argument, NULL, 't'},
	    {"json", no_argument, NULL, 'j'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	struct selection selection = {0};
	unsigned long producers = 2, ids = 20000, pause_us = 0, grow = 0;
	unsigned long timeout_ms = (unsigned long)(MBX_GUEST_WAIT_NS / 1000000u);
	bool json = false, progress = isatty(STDERR_FILENO);
	struct mbx_stress_config config;
	const char *unknown;
	int option;

	while ((option = getopt_long(argc, argv, "", options, NULL)) != -1) {
		switch (option) {
		case 'v':
		case 'w':
		case 'g':
		case 'b':
			unknown = select_names(optarg, option, &selection);
			if (unknown)
				return fail(option == 'v'   ? "unknown variant"
				            : option == 'w' ? "unknown wake policy"
				            : option == 'b'
				                ? "unknown base policy (or built without "
				                  "liburcu)"
				                : "unknown guest",
				            unknown);
			break;
		case 'G':
			if (!parse_number(optarg, 0, MBX_MAX_PAGES - 1, &grow))
				return fail("--grow wants a count of growths, not", optarg);
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
	if (!any_selected(selection.base, mbx_base_count()))
		selection.base[0] = true; /* the atomic base, the reference's */
	config = (struct mbx_stress_config){
	    .producers = (uint32_t)producers,
	    .ids_per_producer = (uint32_t)ids,
	    .guest_pause_us = (uint32_t)pause_us,
	    .wait_timeout_ns = timeout_ms * 1000000u,
	    .growth = grow ? MBX_GROWTH_MOVING_DISCARD : MBX_GROWTH_RESERVED,
	    .grow_times = (uint32_t)grow,
	};
	if (json)
		printf("[");
	else
		printf("%-10s %-14s %-10s %-9s %10s %10s %8s %11s %8s %12s %10s %10s %12s %11s%s\n",
		       "variant", "wake", "guest", "base", "delivered", "duplicated", "stale",
		       "overwritten", "lost", "lost_wakeups", "hol_stalls", "hol_max_ms",
		       "full_retries", "Mids/s", grow ? " growths stale_words wedged" : "");
	if (run_selected(&selection, &config, json, progress) != 0)
		return 1;
	if (json)
		printf("\n]\n");
	return 0;
}
