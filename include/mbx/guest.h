/* SPDX-License-Identifier: MIT */
/*
 * The simulated guest: drains the mailbox and sleeps on it per the mailbox's
 * wake policy, with a bounded wait so a lost wake-up shows as a timeout with
 * work pending.
 *
 *   reference  the reference drain, exactly: head (acquire), tail (acquire),
 *              each slot of head..tail (relaxed), head = tail (release),
 *              flag = 0 (relaxed) last. Shows every hazard of the reference.
 *   corrected  flag cleared by a seq_cst exchange before reading tail; stops
 *              at a slot not yet published (0) and clears each slot it took;
 *              pairs with the "sequenced" variant. On a variant that wakes
 *              only an announced sleep (mbx_variant_announced_sleep:
 *              "announced") it is the batched guest instead: it takes slots
 *              while they are non-zero without reading tail or the flag, at
 *              an empty head reads tail and takes the ids published beyond
 *              the hole (a private bitmap; head advances only over the taken
 *              prefix), stores head every 32 ids and before it sleeps, and
 *              before sleeping clears the flag, announces (waiter = 1) and
 *              re-loads tail, sleeping only when nothing is claimed. It owns
 *              head from mbx_guest_init on: set the mailbox's words before.
 *
 * Concurrency: one thread drives a guest; any number of producers enqueue.
 * Progress: drain is bounded (at most one ring of slots, or what the wfcq
 * structure holds; no lock but the heap's when wfcq frees a node, no system
 * call); wait blocks for at most its timeout (a futex, a condition variable
 * under notify, or polling under spin); name, find, skip_unpublished and
 * work_pending are wait-free.
 * Part of libmbx-sim (pkg-config mbx-sim, CMake mbx::sim), not of libmbx.
 */
#ifndef MBX_GUEST_H
#define MBX_GUEST_H

#include <stdbool.h>
#include <stdint.h>

#include <mbx/mailbox.h>
#include <mbx/memory.h>

#ifdef __cplusplus
extern "C" {
#endif

enum mbx_guest_kind { MBX_GUEST_REFERENCE, MBX_GUEST_CORRECTED, MBX_GUEST_COUNT };

/* "unknown" for a value outside the enum. */
const char *mbx_guest_name(enum mbx_guest_kind kind);
/* MBX_E_UNKNOWN_NAME when no guest has that name (nothing written); MBX_E_INVALID for a NULL kind. */
enum mbx_status mbx_guest_find(const char *name, enum mbx_guest_kind *kind);

/*
 * What a bounded wait that expired means (one definition; the hazard table,
 * the benchmarks, the stress tests and the soak report all use these
 * counters). At the expiry the guest looks at the position at head:
 *
 *   lost wake-up         a published id waits at head: the guest slept with
 *                        work it could take, so a wake-up was lost.
 *                        "Published" is each guest's own test of a slot:
 *                        corrected: the slot at head is non-zero (sequenced
 *                        stores the id last; the guest clears what it takes);
 *                        reference: tail != head -- the reference guest reads
 *                        every slot below tail, so tail is its publication;
 *                        it cannot tell a claimed slot from a stored one, and
 *                        a producer preempted between its fetch_add and its
 *                        flag store counts here too (the publication race);
 *                        a host-side structure (wfcq): its queue is non-empty.
 *   head-of-line stall   (corrected guest on a ring) tail != head but the slot
 *                        at head is still 0: a producer claimed it and has not
 *                        stored it yet (preempted, or a hole no one will fill).
 *                        The guest cannot pass it. Consecutive expired waits at
 *                        the same head are one stall; its duration runs from
 *                        the start of its first expired wait to the end of its
 *                        last.
 *   neither              nothing claimed: an idle wait (timeouts counts it).
 */
struct mbx_guest_counters {
	uint64_t drains;                    /* drain passes */
	uint64_t taken;                     /* slots handed to deliver */
	uint64_t overwritten;               /* positions overwritten before the guest read them */
	uint64_t waits;                     /* bounded waits entered */
	uint64_t timeouts;                  /* waits that expired, whatever was pending */
	uint64_t lost_wakeups;              /* expired with a published id at head (above) */
	uint64_t head_of_line_stalls;       /* stalls at a claimed, unpublished head (above) */
	uint64_t head_of_line_stall_ns;     /* their total duration */
	uint64_t head_of_line_stall_max_ns; /* the longest one */
};

/*
 * The bounded wait of every hazard check (the stress tests, mbx-hazards,
 * hazards_tool_test): long enough that a producer preempted between its claim
 * and its store on 2 oversubscribed cores shows as a head-of-line stall that
 * ends, not as a timeout the caller has to interpret.
 */
#define MBX_GUEST_WAIT_NS UINT64_C(500000000) /* 500 ms */

/* Private: the batched guest's own view of the ring (sim/guest_steps.h). */
struct mbx_guest_batch {
	uint32_t head;      /* every position below it was taken and its slot cleared */
	uint32_t shown;     /* the head last stored into the mailbox (R-HEAD) */
	uint64_t beyond[4]; /* positions above head already taken, by slot index */
	uint32_t scanned;   /* the tail the last scan beyond a hole read */
	bool rescan;        /* the next pass that takes nothing at head reads tail and scans */
	/* when the last pass that took ids ended (0: none since the last wait): no chase */
	uint64_t took_ns;
};

struct mbx_guest {
	struct mbx_mailbox *mailbox;
	enum mbx_guest_kind kind;
	mbx_deliver_fn deliver;
	void *context;
	struct mbx_guest_counters counters;
	/*
	 * The adaptive guest: mbx_guest_wait first polls, with no system call,
	 * for up to this long (a raised flag or an id published at head ends
	 * the poll and the wait, MBX_OK), then sleeps per the wake policy for
	 * the rest of its timeout. 0 (what mbx_guest_init sets): no poll,
	 * sleep at once. Set it after mbx_guest_init, between waits. The poll
	 * burns the guest's core for the budget on every wait that finds no
	 * work, and an id its poll finds is never counted as a lost wake-up
	 * (the hazard checks run with 0).
	 */
	uint64_t spin_budget_ns;
	/* Private: the head-of-line stall in progress (mbx_guest_wait). */
	bool stalling;
	uint32_t stall_head;
	uint64_t stall_start_ns;
	/* Private: the batched guest (announced); batch is its state. */
	bool batched;
	struct mbx_guest_batch batch;
};

enum mbx_status mbx_guest_init(struct mbx_guest *guest, struct mbx_mailbox *mailbox,
                               enum mbx_guest_kind kind, mbx_deliver_fn deliver, void *context);

/*
 * One drain pass; *taken (may be NULL) receives the number of slots taken.
 * MBX_E_INVALID for NULL; MBX_E_BUSY while an RCU base is held (the guest is
 * the natural grower: it drains again once it has refreshed the base).
 */
enum mbx_status mbx_guest_drain(struct mbx_guest *guest, uint32_t *taken);

/*
 * Polls for spin_budget_ns (struct mbx_guest; 0: not at all), then sleeps
 * per the mailbox's wake policy while the flag is 0; at most timeout_ns in
 * all. MBX_OK when woken or not needed; MBX_E_TIMEOUT when it expired
 * (then counted as a lost wake-up, a head-of-line stall or neither, by
 * mbx_guest_backlog: the definitions above struct mbx_guest_counters);
 * MBX_E_INVALID for NULL; MBX_E_BUSY while an RCU base is held. Blocking, at
 * most timeout_ns.
 */
enum mbx_status mbx_guest_wait(struct mbx_guest *guest, uint64_t timeout_ns);

/*
 * Once every producer has finished: moves head to tail, abandoning positions
 * that will never be published (holes an overwriting ring punched under the
 * corrected guest); returns how many (0 for NULL or while an RCU base is
 * held). Never call it while producers run.
 */
uint32_t mbx_guest_skip_unpublished(struct mbx_guest *guest);

/* What waits at head, by the definitions above struct mbx_guest_counters. */
enum mbx_guest_backlog {
	MBX_BACKLOG_NONE,        /* nothing claimed (also for NULL, or while the base is held) */
	MBX_BACKLOG_PUBLISHED,   /* a published id at head: the guest can take it */
	MBX_BACKLOG_UNPUBLISHED, /* claimed, not yet published, at head: it cannot */
};

/* Only the guest thread; a diagnostic reading, not a synchronisation point. */
enum mbx_guest_backlog mbx_guest_backlog(const struct mbx_guest *guest);

/*
 * Positions claimed that the guest has not taken, published or not (false
 * for NULL or while the base is held).
 */
bool mbx_guest_work_pending(const struct mbx_guest *guest);

#ifdef __cplusplus
}
#endif

#endif /* MBX_GUEST_H */
