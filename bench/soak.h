/* SPDX-License-Identifier: MIT */
/*
 * mbx-soak (docs/soak.md): every configuration that promises exactly-once,
 * run in turn for a share of the duration with faults injected, and the
 * hostile-guest configuration. soak.c holds main, the configuration list,
 * progress and the JSON report; soak_run.c one exactly-once configuration;
 * soak_hostile.c the hostile guest; soak_stats.c the latency histogram and
 * the timeline.
 */
#ifndef MBX_BENCH_SOAK_H
#define MBX_BENCH_SOAK_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include <mbx/guest.h>
#include <mbx/mailbox.h>
#include <mbx/tally.h>

/* Fault kinds, counted per configuration and per timeline window. */
enum soak_fault {
	SOAK_FAULT_PAUSE_IN_ENQUEUE, /* fault point: sequenced claimed-not-stored, wfcq linked-not-raised */
	SOAK_FAULT_PAUSE_BETWEEN, /* a producer sleeps or yields between two enqueues */
	SOAK_FAULT_MOVE,          /* memory moved under running producers (RCU bases) */
	SOAK_FAULT_CLOSE,         /* close with enqueues in flight, detach, re-attach */
	SOAK_FAULT_SCRIBBLE,      /* hostile guest: a word of the mailbox overwritten */
	SOAK_FAULT_COUNT
};

const char *soak_fault_name(enum soak_fault kind);

/*
 * Injected so far, over the whole process. Relaxed everywhere: counters
 * read for progress and per-window deltas; the totals are read after the
 * threads that add to them were joined.
 */
extern _Atomic uint64_t soak_faults[SOAK_FAULT_COUNT];

static inline void soak_fault_count(enum soak_fault kind, uint64_t n)
{
	/* Relaxed: a count (above). */
	atomic_fetch_add_explicit(&soak_faults[kind], n, memory_order_relaxed);
}

/* Delivery latency: log-linear buckets, 16 per power of two (about 6 % wide). */
#define SOAK_LATENCY_SUB     16u
#define SOAK_LATENCY_BUCKETS (SOAK_LATENCY_SUB * 61u)

struct soak_latency {
	uint64_t bucket[SOAK_LATENCY_BUCKETS];
	uint64_t count;
	uint64_t max;
};

void soak_latency_add(struct soak_latency *latency, uint64_t ns);
void soak_latency_merge(struct soak_latency *into, const struct soak_latency *from);
/* The upper edge of the bucket holding quantile q (0..1); the exact max for q = 1; 0 if empty. */
uint64_t soak_latency_quantile(const struct soak_latency *latency, double q);

/* One window of the timeline (delivery latency over time, faults marked). */
struct soak_window {
	double start_s; /* since the soak started */
	uint32_t config;
	uint64_t ids;
	uint64_t p50_ns, p99_ns, max_ns;
	uint64_t faults[SOAK_FAULT_COUNT];
};

struct soak_timeline {
	uint64_t origin_ns, window_ns;
	uint64_t window_start_ns;
	uint64_t window_ids;
	uint64_t faults_before[SOAK_FAULT_COUNT];
	struct soak_latency window; /* this window's samples */
	struct soak_window *windows;
	size_t count, capacity;
};

void soak_timeline_init(struct soak_timeline *timeline, uint64_t origin_ns, uint64_t window_ns);
/* The guest thread, after each drain: closes the window once it is over. */
void soak_timeline_tick(struct soak_timeline *timeline, uint32_t config, uint64_t now_ns);
void soak_timeline_destroy(struct soak_timeline *timeline);

/* One configuration of the soak. */
struct soak_config {
	char name[96];
	const struct mbx_variant *variant;
	enum mbx_wake_kind wake; /* hostile: the first; each epoch takes the next */
	const struct mbx_base *base;
	bool moves; /* RCU base: memory moves under the producers */
	bool hostile;
	uint32_t producers;
	const char *skip; /* non-NULL: not run in this build, and why */
};

/* Tunables (mbx-soak --help). */
struct soak_params {
	uint32_t pause_every;  /* 1 in N enqueues pauses at the fault point, 1 in N between */
	uint32_t pause_max_us; /* a pause sleeps 1..max us (a quarter of them only yield) */
	uint32_t epoch_min_ms, epoch_max_ms; /* attach -> close, drawn per epoch */
	uint32_t move_every_ms;              /* RCU bases: a move this often while producers run */
	uint32_t max_pages;                  /* moves per epoch: max_pages - 1 (one page each) */
	uint32_t wait_timeout_ms;            /* the guest's bounded wait */
	uint64_t seed;
};

#define SOAK_BAD_IDS 8

struct soak_result {
	double seconds;
	uint64_t epochs;
	uint64_t accepted; /* ids enqueue accepted */
	struct mbx_tally_counts counts;
	uint64_t overwritten;
	struct mbx_guest_counters guest; /* summed over epochs */
	uint64_t full_retries;
	uint64_t faults[SOAK_FAULT_COUNT];
	struct soak_latency latency;
	/* hostile */
	uint64_t enqueues, stray_bytes, worst_enqueue_ns;
	bool hang;
	/* the first ids that failed, and why */
	uint32_t bad_ids[SOAK_BAD_IDS];
	uint32_t bad_count;
	char failure[160]; /* "" when the configuration kept its promise */
};

/* Runs one configuration for duration_ns. 0, or -1 when it could not run at all. */
int soak_run_exactly_once(const struct soak_config *config, const struct soak_params *params,
                          uint32_t index, uint64_t duration_ns, struct soak_timeline *timeline,
                          struct soak_result *result);
int soak_run_hostile(const struct soak_config *config, const struct soak_params *params,
                     uint32_t index, uint64_t duration_ns, struct soak_timeline *timeline,
                     struct soak_result *result);

/* soak.c: the progress line of the configuration running (throttled inside). */
void soak_progress(uint64_t ids_so_far);

/* Shared helpers (soak_stats.c). */
void soak_guest_counters_add(struct mbx_guest_counters *into,
                             const struct mbx_guest_counters *from);
uint64_t soak_now_ns(void);
uint64_t soak_random(uint64_t *state);
/* A pause: a quarter only yield, the rest sleep 1..max_us. */
void soak_pause(uint64_t *random, uint32_t max_us);

#endif /* MBX_BENCH_SOAK_H */
