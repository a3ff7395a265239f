/* SPDX-License-Identifier: MIT */
/* The soak's latency histogram, timeline, clock, randomness and pauses (soak.h). */
#define _GNU_SOURCE
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clock.h"
#include "soak.h"

_Atomic uint64_t soak_faults[SOAK_FAULT_COUNT];

const char *soak_fault_name(enum soak_fault kind)
{
	static const char *const names[SOAK_FAULT_COUNT] = {
	    [SOAK_FAULT_PAUSE_IN_ENQUEUE] = "pause_in_enqueue",
	    [SOAK_FAULT_PAUSE_BETWEEN] = "pause_between",
	    [SOAK_FAULT_MOVE] = "move",
	    [SOAK_FAULT_CLOSE] = "close_reattach",
	    [SOAK_FAULT_SCRIBBLE] = "scribble",
	};

	return (unsigned)kind < SOAK_FAULT_COUNT ? names[kind] : "unknown";
}

/* Sums, but the longest head-of-line stall is the longest of both. */
void soak_guest_counters_add(struct mbx_guest_counters *into, const struct mbx_guest_counters *from)
{
	into->drains += from->drains;
	into->taken += from->taken;
	into->overwritten += from->overwritten;
	into->waits += from->waits;
	into->timeouts += from->timeouts;
	into->lost_wakeups += from->lost_wakeups;
	into->head_of_line_stalls += from->head_of_line_stalls;
	into->head_of_line_stall_ns += from->head_of_line_stall_ns;
	if (from->head_of_line_stall_max_ns > into->head_of_line_stall_max_ns)
		into->head_of_line_stall_max_ns = from->head_of_line_stall_max_ns;
}

uint64_t soak_now_ns(void)
{
	return mbx_bench_now_ns(); /* bench/'s one clock (clock.h) */
}

/* xorshift64*: per-thread state, never 0. */
uint64_t soak_random(uint64_t *state)
{
	*state ^= *state >> 12;
	*state ^= *state << 25;
	*state ^= *state >> 27;
	return *state * UINT64_C(2685821657736338717);
}

void soak_pause(uint64_t *random, uint32_t max_us)
{
	uint64_t r = soak_random(random);
	uint32_t us = max_us ? 1u + (uint32_t)((r >> 8) % max_us) : 0;
	struct timespec pause = {.tv_sec = us / 1000000u, .tv_nsec = (long)(us % 1000000u) * 1000};

	if (r % 4 == 0 || us == 0)
		sched_yield();
	else
		nanosleep(&pause, NULL);
}

/* Values below SUB have a bucket each; above, SUB buckets per power of two. */
static unsigned bucket_of(uint64_t ns)
{
	unsigned exponent;

	if (ns < SOAK_LATENCY_SUB)
		return (unsigned)ns;
	exponent = 63u - (unsigned)__builtin_clzll(ns); /* >= 4 */
	return SOAK_LATENCY_SUB * (exponent - 3u) +
	       (unsigned)((ns >> (exponent - 4u)) & (SOAK_LATENCY_SUB - 1u));
}

/* The largest value bucket b holds. */
static uint64_t bucket_top(unsigned b)
{
	unsigned exponent = b / SOAK_LATENCY_SUB + 3u, sub = b % SOAK_LATENCY_SUB;

	if (b < SOAK_LATENCY_SUB)
		return b;
	return ((uint64_t)(SOAK_LATENCY_SUB + sub + 1u) << (exponent - 4u)) - 1u;
}

void soak_latency_add(struct soak_latency *latency, uint64_t ns)
{
	unsigned b = bucket_of(ns);

	latency->bucket[b < SOAK_LATENCY_BUCKETS ? b : SOAK_LATENCY_BUCKETS - 1]++;
	latency->count++;
	if (ns > latency->max)
		latency->max = ns;
}

void soak_latency_merge(struct soak_latency *into, const struct soak_latency *from)
{
	for (unsigned b = 0; b < SOAK_LATENCY_BUCKETS; b++)
		into->bucket[b] += from->bucket[b];
	into->count += from->count;
	if (from->max > into->max)
		into->max = from->max;
}

uint64_t soak_latency_quantile(const struct soak_latency *latency, double q)
{
	uint64_t rank, seen = 0;

	if (latency->count == 0)
		return 0;
	if (q >= 1.0)
		return latency->max;
	rank = (uint64_t)(q * (double)latency->count) + 1u;
	for (unsigned b = 0; b < SOAK_LATENCY_BUCKETS; b++) {
		seen += latency->bucket[b];
		if (seen >= rank)
			return bucket_top(b) < latency->max ? bucket_top(b) : latency->max;
	}
	return latency->max;
}

void soak_timeline_init(struct soak_timeline *timeline, uint64_t origin_ns, uint64_t window_ns)
{
	memset(timeline, 0, sizeof(*timeline));
	timeline->origin_ns = origin_ns;
	timeline->window_ns = window_ns;
	timeline->window_start_ns = origin_ns;
}

void soak_timeline_tick(struct soak_timeline *timeline, uint32_t config, uint64_t now_ns)
{
	struct soak_window *window;

	if (now_ns - timeline->window_start_ns < timeline->window_ns)
		return;
	if (timeline->count == timeline->capacity) {
		size_t capacity = timeline->capacity ? 2 * timeline->capacity : 1024;
		struct soak_window *grown =
		    realloc(timeline->windows, capacity * sizeof(*timeline->windows));

		if (!grown)
			return; /* keep the window open: the next tick retries */
		timeline->windows = grown;
		timeline->capacity = capacity;
	}
	window = &timeline->windows[timeline->count++];
	window->start_s = (double)(timeline->window_start_ns - timeline->origin_ns) / 1e9;
	window->config = config;
	window->ids = timeline->window_ids;
	window->p50_ns = soak_latency_quantile(&timeline->window, 0.5);
	window->p99_ns = soak_latency_quantile(&timeline->window, 0.99);
	window->max_ns = timeline->window.max;
	for (unsigned kind = 0; kind < SOAK_FAULT_COUNT; kind++) {
		/* Relaxed: a per-window count (soak.h). */
		uint64_t now = atomic_load_explicit(&soak_faults[kind], memory_order_relaxed);

		window->faults[kind] = now - timeline->faults_before[kind];
		timeline->faults_before[kind] = now;
	}
	memset(&timeline->window, 0, sizeof(timeline->window));
	timeline->window_ids = 0;
	timeline->window_start_ns = now_ns;
}

void soak_timeline_destroy(struct soak_timeline *timeline)
{
	free(timeline->windows);
	timeline->windows = NULL;
}
