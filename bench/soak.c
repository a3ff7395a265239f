/* SPDX-License-Identifier: MIT */
/*
 * mbx-soak: the soak and fault campaign (docs/soak.md). Every configuration
 * that promises exactly-once -- sequenced and wfcq with the corrected guest,
 * every wake policy, every base (the atomic base without moves), 2x and 4x as
 * many producers as cores -- runs in turn for an equal share of --duration
 * with faults injected, then the hostile-guest configurations. Any lost,
 * duplicated, stale or overwritten id, a stray write or a hang fails the run
 * (exit 1) and the report names the configuration and the ids.
 */
#define _GNU_SOURCE
#include <getopt.h>
#include <inttypes.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "soak.h"

#define SOAK_MAX_CONFIGS 256
#define SOAK_MAX_CONTEXT 16

static const char *const usage =
    "usage: mbx-soak [options]\n"
    "Runs every exactly-once configuration (sequenced, wfcq x wake policy x base x\n"
    "2 and 4 producers per core) and the hostile-guest ones, each for an equal share\n"
    "of the duration, with faults injected; exit 1 if any id was lost, duplicated,\n"
    "stale or overwritten, or the hostile guest saw a stray write or a hang.\n"
    "  --duration S        seconds in all (default 600)\n"
    "  --config REGEX      only the configurations whose name matches (POSIX ERE)\n"
    "  --list              print the configurations and exit\n"
    "  --json OUT          write the report (JSON) to OUT\n"
    "  --context KEY=VAL   add to the report's context (repeatable)\n"
    "  --pause-every N     1 in N enqueues pauses inside, 1 in N between (default 2048)\n"
    "  --pause-max-us N    a pause sleeps 1..N us; a quarter only yield (default 200)\n"
    "  --epoch-ms MIN,MAX  attach -> close with enqueues in flight (default 100,500)\n"
    "  --move-every-ms N   RCU bases: move memory this often (default 5)\n"
    "  --max-pages N       pages per attach, so N-1 moves at most (default 16)\n"
    "  --wait-timeout-ms N the guest's bounded wait (default 500)\n"
    "  --seed N            randomness (default 1)\n"
    "  --quiet             no progress line\n"
    "docs/soak.md says what each fault and counter means.\n";

static struct {
	bool tty, quiet;
	const struct soak_config *config;
	uint32_t index, count;
	uint64_t start_ns, slice_ns, last_ns;
	uint64_t faults[SOAK_FAULT_COUNT];
} progress;

void soak_progress(uint64_t ids)
{
	uint64_t now = soak_now_ns(), elapsed = now - progress.start_ns, f[SOAK_FAULT_COUNT];

	if (progress.quiet || now - progress.last_ns < (progress.tty ? 500000000u : 10000000000u))
		return;
	progress.last_ns = now;
	for (unsigned kind = 0; kind < SOAK_FAULT_COUNT; kind++)
		/* Relaxed: a progress reading (soak.h). */
		f[kind] = atomic_load_explicit(&soak_faults[kind], memory_order_relaxed) -
		          progress.faults[kind];
	fprintf(stderr,
	        "%s[%3u/%u] %-40s %5.1f/%.1f s  ids %12" PRIu64 "  %6.2f M/s  pauses %" PRIu64
	        "  moves %" PRIu64 "  closes %" PRIu64 "%s",
	        progress.tty ? "\r" : "", progress.index + 1, progress.count, progress.config->name,
	        (double)elapsed / 1e9, (double)progress.slice_ns / 1e9, ids,
	        elapsed ? (double)ids * 1e3 / (double)elapsed : 0.0,
	        f[SOAK_FAULT_PAUSE_IN_ENQUEUE] + f[SOAK_FAULT_PAUSE_BETWEEN], f[SOAK_FAULT_MOVE],
	        f[SOAK_FAULT_CLOSE], progress.tty ? "\033[K" : "\n");
}

static uint32_t online_cpus(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n > 0 ? (uint32_t)n : 1;
}

static const char *build_kind(void)
{
#if defined(MBX_TSAN_BUILD)
	return "tsan";
#elif defined(MBX_ASAN_BUILD)
	return "asan+ubsan";
#else
	return "plain";
#endif
}

/* Why a configuration cannot run in this build, or NULL. */
static const char *skip_reason(const struct mbx_variant *variant, const struct mbx_base *base)
{
#ifdef MBX_TSAN_BUILD
	if (mbx_variant_opaque_to_tsan(variant) || mbx_base_is_rcu(base))
		return "ThreadSanitizer does not see liburcu's barriers (the asan build runs it)";
#else
	(void)variant;
	(void)base;
#endif
	return NULL;
}

/* Every configuration, in the order they run; returns how many. */
static uint32_t build_configs(struct soak_config *configs)
{
	static const char *const variants[] = {"sequenced", "wfcq"};
	uint32_t n = 0, cpus = online_cpus();
	const struct mbx_base *atomic;

	if (mbx_base_find("atomic", &atomic) != MBX_OK)
		return 0;
	for (unsigned v = 0; v < 2; v++) {
		const struct mbx_variant *variant;

		if (mbx_variant_find(variants[v], &variant) != MBX_OK)
			continue; /* wfcq: built only with liburcu */
		for (uint32_t factor = 2; factor <= 4; factor += 2) {
			uint32_t producers = factor * cpus;

			if (producers > MBX_TALLY_MAX_PRODUCERS)
				producers = MBX_TALLY_MAX_PRODUCERS;
			for (size_t b = 0; b < mbx_base_count(); b++) {
				const struct mbx_base *base = mbx_base_at(b);

				for (unsigned w = 0; w < MBX_WAKE_COUNT; w++) {
					struct soak_config *c = &configs[n++];

					*c = (struct soak_config){
					    .variant = variant,
					    .wake = (enum mbx_wake_kind)w,
					    .base = base,
					    .moves = base != atomic,
					    .producers = producers,
					    .skip = skip_reason(variant, base),
					};
					snprintf(c->name, sizeof(c->name), "%s/%s/%s/p%u",
					         variants[v], mbx_wake_name((enum mbx_wake_kind)w),
					         mbx_base_name(base), producers);
				}
			}
		}
	}
	for (unsigned v = 0; v < 2; v++) {
		const struct mbx_variant *variant;
		struct soak_config *c;

		if (mbx_variant_find(variants[v], &variant) != MBX_OK)
			continue;
		c = &configs[n++];
		*c = (struct soak_config){
		    .variant = variant,
		    .base = atomic,
		    .hostile = true,
		    .producers =
		        2 * cpus > MBX_TALLY_MAX_PRODUCERS ? MBX_TALLY_MAX_PRODUCERS : 2 * cpus,
		    .skip = skip_reason(variant, atomic),
		};
		snprintf(c->name, sizeof(c->name), "hostile/%s/p%u", variants[v], c->producers);
	}
	return n;
}

static bool failed(const struct soak_result *result)
{
	return result->failure[0] != 0;
}

static void json_string(FILE *out, const char *s)
{
	fputc('"', out);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fprintf(out, "\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			fprintf(out, "\\u%04x", (unsigned char)*s);
		else
			fputc(*s, out);
	}
	fputc('"', out);
}

static void json_latency(FILE *out, const struct soak_latency *latency)
{
	fprintf(out,
	        "{\"samples\": %" PRIu64 ", \"p50\": %" PRIu64 ", \"p99\": %" PRIu64
	        ", \"p999\": %" PRIu64 ", \"max\": %" PRIu64 "}",
	        latency->count, soak_latency_quantile(latency, 0.5),
	        soak_latency_quantile(latency, 0.99), soak_latency_quantile(latency, 0.999),
	        latency->max);
}

static void json_faults(FILE *out, const uint64_t *faults)
{
	fputc('{', out);
	for (unsigned kind = 0; kind < SOAK_FAULT_COUNT; kind++)
		fprintf(out, "%s\"%s\": %" PRIu64, kind ? ", " : "",
		        soak_fault_name((enum soak_fault)kind), faults[kind]);
	fputc('}', out);
}

/* The guest's wait counters (include/mbx/guest.h defines them), without braces. */
static void json_guest(FILE *out, const struct mbx_guest_counters *g)
{
	fprintf(out,
	        "\"lost_wakeups\": %" PRIu64 ", \"head_of_line_stalls\": %" PRIu64
	        ", \"head_of_line_stall_ns\": %" PRIu64 ", \"head_of_line_stall_max_ns\": %" PRIu64
	        ", \"waits\": %" PRIu64 ", \"timeouts\": %" PRIu64 ", \"drains\": %" PRIu64,
	        g->lost_wakeups, g->head_of_line_stalls, g->head_of_line_stall_ns,
	        g->head_of_line_stall_max_ns, g->waits, g->timeouts, g->drains);
}

static void json_config(FILE *out, const struct soak_config *c, const struct soak_result *r)
{
	fprintf(out, "  {\"name\": ");
	json_string(out, c->name);
	fprintf(out, ", \"variant\": \"%s\", \"wake\": \"%s\", \"base\": \"%s\"",
	        mbx_variant_name(c->variant), c->hostile ? "rotating" : mbx_wake_name(c->wake),
	        mbx_base_name(c->base));
	fprintf(out, ", \"guest\": \"%s\", \"producers\": %u, \"moves\": %s",
	        c->hostile ? "hostile" : "corrected", c->producers, c->moves ? "true" : "false");
	if (c->skip) {
		fprintf(out, ", \"skipped\": ");
		json_string(out, c->skip);
		fprintf(out, "}");
		return;
	}
	fprintf(out,
	        ",\n   \"seconds\": %.3f, \"epochs\": %" PRIu64 ", \"accepted\": %" PRIu64
	        ", \"ids\": %" PRIu64 ", \"ids_per_second\": %.0f",
	        r->seconds, r->epochs, r->accepted, r->counts.delivered,
	        r->seconds > 0 ? (double)r->counts.delivered / r->seconds : 0.0);
	fprintf(out,
	        ",\n   \"lost\": %" PRIu64 ", \"duplicated\": %" PRIu64 ", \"stale\": %" PRIu64
	        ", \"overwritten\": %" PRIu64,
	        r->counts.lost, r->counts.duplicated, r->counts.stale, r->overwritten);
	fprintf(out, ",\n   ");
	json_guest(out, &r->guest);
	fprintf(out, ", \"full_retries\": %" PRIu64, r->full_retries);
	fprintf(out, ",\n   \"faults\": ");
	json_faults(out, r->faults);
	fprintf(out, ",\n   \"latency_ns\": ");
	json_latency(out, &r->latency);
	if (c->hostile)
		fprintf(out,
		        ",\n   \"enqueues\": %" PRIu64 ", \"stray_bytes\": %" PRIu64
		        ", \"worst_enqueue_ns\": %" PRIu64 ", \"hang\": %s",
		        r->enqueues, r->stray_bytes, r->worst_enqueue_ns,
		        r->hang ? "true" : "false");
	fprintf(out, ",\n   \"bad_ids\": [");
	for (uint32_t i = 0; i < r->bad_count && i < SOAK_BAD_IDS; i++)
		fprintf(out, "%s\"p%u s%u\"", i ? ", " : "",
		        r->bad_ids[i] >> MBX_TALLY_SEQUENCE_BITS,
		        r->bad_ids[i] & MBX_TALLY_MAX_SEQUENCE);
	fprintf(out, "], \"failure\": ");
	if (failed(r))
		json_string(out, r->failure);
	else
		fprintf(out, "null");
	fprintf(out, ", \"passed\": %s}", failed(r) ? "false" : "true");
}

struct run {
	struct soak_config configs[SOAK_MAX_CONFIGS];
	struct soak_result *results;
	bool selected[SOAK_MAX_CONFIGS];
	uint32_t count;
	double duration_s, elapsed_s;
	struct soak_params params;
	struct soak_timeline timeline;
	const char *context[SOAK_MAX_CONTEXT];
	unsigned contexts;
	const char *command;
};

static int write_json(const struct run *run, const char *path, bool passed)
{
	FILE *out = fopen(path, "w");
	uint64_t totals[SOAK_FAULT_COUNT] = {0}, ids = 0, lost = 0, dup = 0, stale = 0, over = 0;
	struct mbx_guest_counters guest = {0};
	struct soak_latency *latency = calloc(1, sizeof(*latency));
	char host[256] = "unknown";
	bool first = true;

	if (!out || !latency) {
		perror(path);
		free(latency);
		if (out)
			fclose(out);
		return -1;
	}
	gethostname(host, sizeof(host) - 1);
	fprintf(out, "{\"context\": {\"host\": ");
	json_string(out, host);
	fprintf(out,
	        ", \"cpus\": %u, \"duration_s_requested\": %.1f, \"duration_s\": %.3f, "
	        "\"build\": \"%s\", \"compiler\": ",
	        online_cpus(), run->duration_s, run->elapsed_s, build_kind());
	json_string(out, __VERSION__);
	fprintf(out, ", \"command\": ");
	json_string(out, run->command);
	fprintf(
	    out,
	    ",\n  \"params\": {\"pause_every\": %u, \"pause_max_us\": %u, \"epoch_min_ms\": %u, "
	    "\"epoch_max_ms\": %u, \"move_every_ms\": %u, \"max_pages\": %u, "
	    "\"wait_timeout_ms\": %u, \"seed\": %" PRIu64 "}",
	    run->params.pause_every, run->params.pause_max_us, run->params.epoch_min_ms,
	    run->params.epoch_max_ms, run->params.move_every_ms, run->params.max_pages,
	    run->params.wait_timeout_ms, run->params.seed);
	for (unsigned i = 0; i < run->contexts; i++) {
		const char *eq = strchr(run->context[i], '=');

		fprintf(out, ", \"%.*s\": ", (int)(eq - run->context[i]), run->context[i]);
		json_string(out, eq + 1);
	}
	fprintf(out, "},\n \"configurations\": [\n");
	for (uint32_t i = 0; i < run->count; i++) {
		const struct soak_result *r = &run->results[i];

		if (!run->selected[i])
			continue;
		fprintf(out, "%s", first ? "" : ",\n");
		first = false;
		json_config(out, &run->configs[i], r);
		if (run->configs[i].hostile || run->configs[i].skip)
			continue;
		ids += r->counts.delivered;
		lost += r->counts.lost;
		dup += r->counts.duplicated;
		stale += r->counts.stale;
		over += r->overwritten;
		soak_guest_counters_add(&guest, &r->guest);
		for (unsigned kind = 0; kind < SOAK_FAULT_COUNT; kind++)
			totals[kind] += r->faults[kind];
		soak_latency_merge(latency, &r->latency);
	}
	fprintf(
	    out,
	    "\n ],\n \"totals\": {\"scope\": \"the exactly-once configurations\", \"ids\": %" PRIu64
	    ", \"lost\": %" PRIu64 ", \"duplicated\": %" PRIu64 ", \"stale\": %" PRIu64
	    ", \"overwritten\": %" PRIu64 ", ",
	    ids, lost, dup, stale, over);
	json_guest(out, &guest);
	fprintf(out, ", \"pauses\": %" PRIu64 ", \"faults\": ",
	        totals[SOAK_FAULT_PAUSE_IN_ENQUEUE] + totals[SOAK_FAULT_PAUSE_BETWEEN]);
	json_faults(out, totals);
	fprintf(out, ", \"latency_ns\": ");
	json_latency(out, latency);
	fprintf(out,
	        "},\n \"timeline\": {\"window_s\": %.3f, \"columns\": [\"start_s\", "
	        "\"config\", \"ids\", \"p50_ns\", \"p99_ns\", \"max_ns\"",
	        (double)run->timeline.window_ns / 1e9);
	for (unsigned kind = 0; kind < SOAK_FAULT_COUNT; kind++)
		fprintf(out, ", \"%s\"", soak_fault_name((enum soak_fault)kind));
	fprintf(out, "],\n  \"rows\": [");
	for (size_t i = 0; i < run->timeline.count; i++) {
		const struct soak_window *w = &run->timeline.windows[i];

		fprintf(out, "%s\n   [%.3f, %u, %" PRIu64 ", %" PRIu64 ", %" PRIu64 ", %" PRIu64,
		        i ? "," : "", w->start_s, w->config, w->ids, w->p50_ns, w->p99_ns,
		        w->max_ns);
		for (unsigned kind = 0; kind < SOAK_FAULT_COUNT; kind++)
			fprintf(out, ", %" PRIu64, w->faults[kind]);
		fputc(']', out);
	}
	fprintf(out, "]},\n \"passed\": %s}\n", passed ? "true" : "false");
	free(latency);
	return fclose(out) == 0 ? 0 : -1;
}

static bool parse_u32(const char *text, uint32_t *value)
{
	char *end;
	unsigned long v = strtoul(text, &end, 10);

	if (*text == '\0' || *end != '\0' || v > UINT32_MAX)
		return false;
	*value = (uint32_t)v;
	return true;
}

int main(int argc, char **argv)
{
	enum {
		O_DURATION = 256,
		O_CONFIG,
		O_LIST,
		O_JSON,
		O_CONTEXT,
		O_PAUSE_EVERY,
		O_PAUSE_MAX,
		O_EPOCH,
		O_MOVE,
		O_PAGES,
		O_TIMEOUT,
		O_SEED,
		O_QUIET,
		O_HELP
	};
	static const struct option options[] = {
	    {"duration", required_argument, NULL, O_DURATION},
	    {"config", required_argument, NULL, O_CONFIG},
	    {"list", no_argument, NULL, O_LIST},
	    {"json", required_argument, NULL, O_JSON},
	    {"context", required_argument, NULL, O_CONTEXT},
	    {"pause-every", required_argument, NULL, O_PAUSE_EVERY},
	    {"pause-max-us", required_argument, NULL, O_PAUSE_MAX},
	    {"epoch-ms", required_argument, NULL, O_EPOCH},
	    {"move-every-ms", required_argument, NULL, O_MOVE},
	    {"max-pages", required_argument, NULL, O_PAGES},
	    {"wait-timeout-ms", required_argument, NULL, O_TIMEOUT},
	    {"seed", required_argument, NULL, O_SEED},
	    {"quiet", no_argument, NULL, O_QUIET},
	    {"help", no_argument, NULL, O_HELP},
	    {NULL, 0, NULL, 0},
	};
	static struct run run;
	const char *filter = NULL, *json = NULL;
	uint32_t selected = 0, failures = 0, done = 0;
	bool list = false, ok = true;
	char command[1024] = "";
	uint64_t start;
	regex_t regex;
	int option;

	run.duration_s = 600;
	run.params =
	    (struct soak_params){.pause_every = 2048,
	                         .pause_max_us = 200,
	                         .epoch_min_ms = 100,
	                         .epoch_max_ms = 500,
	                         .move_every_ms = 5,
	                         .max_pages = 16,
	                         .wait_timeout_ms = (uint32_t)(MBX_GUEST_WAIT_NS / 1000000u),
	                         .seed = 1};
	while ((option = getopt_long(argc, argv, "", options, NULL)) != -1) {
		switch (option) {
		case O_DURATION:
			run.duration_s = strtod(optarg, NULL);
			ok = run.duration_s > 0;
			break;
		case O_CONFIG:
			filter = optarg;
			break;
		case O_LIST:
			list = true;
			break;
		case O_JSON:
			json = optarg;
			break;
		case O_CONTEXT:
			ok = strchr(optarg, '=') && run.contexts < SOAK_MAX_CONTEXT;
			if (ok)
				run.context[run.contexts++] = optarg;
			break;
		case O_PAUSE_EVERY:
			ok = parse_u32(optarg, &run.params.pause_every);
			break;
		case O_PAUSE_MAX:
			ok = parse_u32(optarg, &run.params.pause_max_us);
			break;
		case O_EPOCH:
			ok = sscanf(optarg, "%u,%u", &run.params.epoch_min_ms,
			            &run.params.epoch_max_ms) == 2 &&
			     run.params.epoch_min_ms > 0 &&
			     run.params.epoch_min_ms <= run.params.epoch_max_ms;
			break;
		case O_MOVE:
			ok = parse_u32(optarg, &run.params.move_every_ms);
			break;
		case O_PAGES:
			ok = parse_u32(optarg, &run.params.max_pages) &&
			     run.params.max_pages >= 1 && run.params.max_pages <= 1024;
			break;
		case O_TIMEOUT:
			ok = parse_u32(optarg, &run.params.wait_timeout_ms) &&
			     run.params.wait_timeout_ms > 0;
			break;
		case O_SEED:
			run.params.seed = strtoull(optarg, NULL, 0);
			break;
		case O_QUIET:
			progress.quiet = true;
			break;
		case O_HELP:
			fputs(usage, stdout);
			return 0;
		default:
			ok = false;
		}
		if (!ok) {
			fputs(usage, stderr);
			return 2;
		}
	}
	if (optind != argc) {
		fputs(usage, stderr);
		return 2;
	}
	for (int i = 0; i < argc; i++)
		snprintf(command + strlen(command), sizeof(command) - strlen(command), "%s%s",
		         i ? " " : "", argv[i]);
	run.command = command;
	run.count = build_configs(run.configs);
	if (filter && regcomp(&regex, filter, REG_EXTENDED | REG_NOSUB) != 0) {
		fprintf(stderr, "mbx-soak: bad --config regex '%s'\n", filter);
		return 2;
	}
	for (uint32_t i = 0; i < run.count; i++) {
		run.selected[i] = !filter || regexec(&regex, run.configs[i].name, 0, NULL, 0) == 0;
		selected += run.selected[i] && !run.configs[i].skip;
		if (list && run.selected[i])
			printf("%s%s%s\n", run.configs[i].name,
			       run.configs[i].skip ? "  skipped: " : "",
			       run.configs[i].skip ? run.configs[i].skip : "");
	}
	if (filter)
		regfree(&regex);
	if (list)
		return 0;
	if (selected == 0) {
		fprintf(stderr, "mbx-soak: no configuration to run\n");
		return 2;
	}
	run.results = calloc(run.count, sizeof(*run.results));
	if (!run.results)
		return 1;
	progress.tty = isatty(STDERR_FILENO);
	progress.count = selected;
	progress.slice_ns = (uint64_t)(run.duration_s * 1e9 / selected);
	start = soak_now_ns();
	soak_timeline_init(&run.timeline, start,
	                   (uint64_t)(run.duration_s * 1e9 / 2000) > 100000000u
	                       ? (uint64_t)(run.duration_s * 1e9 / 2000)
	                       : 100000000u);
	fprintf(stderr, "mbx-soak: %u configurations, %.1f s each\n", selected,
	        (double)progress.slice_ns / 1e9);
	for (uint32_t i = 0; i < run.count; i++) {
		const struct soak_config *c = &run.configs[i];
		struct soak_result *r = &run.results[i];
		int rc;

		if (!run.selected[i] || c->skip)
			continue;
		progress.config = c;
		progress.index = done++;
		progress.start_ns = soak_now_ns();
		progress.last_ns = progress.start_ns;
		for (unsigned kind = 0; kind < SOAK_FAULT_COUNT; kind++)
			/* Relaxed: a progress baseline. */
			progress.faults[kind] =
			    atomic_load_explicit(&soak_faults[kind], memory_order_relaxed);
		rc = c->hostile
		         ? soak_run_hostile(c, &run.params, i, progress.slice_ns, &run.timeline, r)
		         : soak_run_exactly_once(c, &run.params, i, progress.slice_ns,
		                                 &run.timeline, r);
		if (rc != 0 && !failed(r))
			snprintf(r->failure, sizeof(r->failure), "could not run (out of memory)");
		failures += failed(r);
		fprintf(stderr,
		        "%s[%3u/%u] %-40s %s  ids %" PRIu64 " (%.2f M/s)  lost %" PRIu64
		        " dup %" PRIu64 " stale %" PRIu64 " overwritten %" PRIu64
		        "  closes %" PRIu64 " moves %" PRIu64 " pauses %" PRIu64 "%s%s\n",
		        progress.tty && !progress.quiet ? "\r" : "", progress.index + 1, selected,
		        c->name, failed(r) ? "FAIL" : "ok  ",
		        c->hostile ? r->enqueues : r->counts.delivered,
		        r->seconds > 0 ? (double)(c->hostile ? r->enqueues : r->counts.delivered) /
		                             r->seconds / 1e6
		                       : 0.0,
		        r->counts.lost, r->counts.duplicated, r->counts.stale, r->overwritten,
		        r->faults[SOAK_FAULT_CLOSE], r->faults[SOAK_FAULT_MOVE],
		        r->faults[SOAK_FAULT_PAUSE_IN_ENQUEUE] +
		            r->faults[SOAK_FAULT_PAUSE_BETWEEN],
		        failed(r) ? "\n    " : "", failed(r) ? r->failure : "");
		for (uint32_t b = 0; b < r->bad_count && b < SOAK_BAD_IDS; b++)
			fprintf(stderr, "%s p%u s%u%s", b ? "" : "    first ids at fault:",
			        r->bad_ids[b] >> MBX_TALLY_SEQUENCE_BITS,
			        r->bad_ids[b] & MBX_TALLY_MAX_SEQUENCE,
			        b + 1 == r->bad_count || b + 1 == SOAK_BAD_IDS ? "\n" : "");
		if (r->hang)
			break; /* a producer is stuck inside enqueue: report what we have and stop */
	}
	run.elapsed_s = (double)(soak_now_ns() - start) / 1e9;
	if (json && write_json(&run, json, failures == 0) != 0)
		failures++;
	fprintf(stderr, "mbx-soak: %s (%u of %u configurations failed) in %.1f s\n",
	        failures ? "FAILED" : "passed", failures, selected, run.elapsed_s);
	soak_timeline_destroy(&run.timeline);
	if (failures)
		exit(1); /* exit, not return: a hung producer may still run */
	free(run.results);
	return 0;
}
