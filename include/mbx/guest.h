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
 *              pairs with the "sequenced" variant.
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
 * Called for every slot the guest takes. overflowed: this drain found tail
 * more than 256 ahead of head, so a repeated id is a replay of an overwritten
 * slot (a duplicate) rather than a slot read before its store (stale).
 */
typedef void (*mbx_deliver_fn)(void *context, uint32_t task_id, bool overflowed);

struct mbx_guest_counters {
	uint64_t drains;       /* drain passes */
	uint64_t taken;        /* slots handed to deliver */
	uint64_t overwritten;  /* positions overwritten before the guest read them */
	uint64_t waits;        /* bounded waits entered */
	uint64_t timeouts;     /* waits that expired */
	uint64_t lost_wakeups; /* waits that expired with work pending (tail != head) */
};

struct mbx_guest {
	struct mbx_mailbox *mailbox;
	enum mbx_guest_kind kind;
	mbx_deliver_fn deliver;
	void *context;
	struct mbx_guest_counters counters;
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
 * Sleeps per the mailbox's wake policy while the flag is 0, at most
 * timeout_ns. MBX_OK when woken or not needed; MBX_E_TIMEOUT when it expired
 * (a lost wake-up is counted if tail != head then); MBX_E_INVALID for NULL;
 * MBX_E_BUSY while an RCU base is held. Blocking, at most timeout_ns.
 */
enum mbx_status mbx_guest_wait(struct mbx_guest *guest, uint64_t timeout_ns);

/*
 * Once every producer has finished: moves head to tail, abandoning positions
 * that will never be published (holes an overwriting ring punched under the
 * corrected guest); returns how many (0 for NULL or while an RCU base is
 * held). Never call it while producers run.
 */
uint32_t mbx_guest_skip_unpublished(struct mbx_guest *guest);

/* tail != head: positions claimed that the guest has not taken (false for NULL or while held). */
bool mbx_guest_work_pending(const struct mbx_guest *guest);

#ifdef __cplusplus
}
#endif

#endif /* MBX_GUEST_H */
