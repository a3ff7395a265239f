// SPDX-License-Identifier: MIT
/*
 * Close is quiescent with a QSBR producer too: once mbx_mailbox_close
 * returns, no enqueue of an online QSBR thread writes guest memory, though
 * those enqueues store no marker (ring/inflight.h, "QSBR threads").
 * The producer runs ring/inflight.h's own steps: it goes online
 * (mbx__inflight_online: R-QS, F-QS), enqueues id 1, reports a quiescent
 * state (mbx__inflight_report: R-QS, F-QS), enqueues id 2, and goes offline
 * (mbx__inflight_offline: R-QS; what its exit, or its next report, does: the
 * closer waits for one). Each enqueue is mbx_enqueue's QSBR path: the
 * marker's test fails, mbx__inflight_qsbr_online holds, then its body reads
 * the closed gate (A-CLOSE) and, if open, writes guest memory and publishes
 * with sequenced's step. The closer raises the gate (R-CLOSE) and waits as
 * mbx__inflight_wait does (F-SCAN; the marker, never set here; then the
 * snapshot of the counter and the wait while it is unchanged, A-QS), then
 * reads the guest's memory as its embedder may (to free or reuse it: plain
 * reads). mbx_enqueue's gate check and mbx__inflight_wait's scan live in .c
 * files, so they are written here step for step.
 * Property: the closer's reads race with no producer write (GenMC reports a
 * race on a plain location otherwise) and it sees the id of every enqueue
 * that succeeded.
 * membarrier(2), which GenMC cannot run, makes every running thread execute
 * a full barrier between the closer's gate store and its scan: F-QS, a
 * compiler barrier (atomic_signal_fence) when membarrier is registered, acts
 * as a seq_cst fence (-DMEMBARRIER). The runs:
 *   close-qsbr             no membarrier (mbx__inflight_fenced): F-QS is the
 *                          seq_cst fence mbx__inflight_barrier adds
 *   close-qsbr-membarrier  membarrier: F-QS a compiler barrier that
 *                          membarrier makes a fence
 * Negative controls: F-QS only a compiler barrier and no membarrier
 * (-DNO_MEMBARRIER: the report without its fence), or the closer without
 * F-SCAN (-DNO_SCAN_FENCE): the store-buffering shape, the second enqueue
 * misses the gate while the closer's snapshot misses the report, and it
 * writes after close returned: violated.
 *
 * litmus: close-qsbr                                  expect: holds
 * litmus: close-qsbr-membarrier -DMEMBARRIER          expect: holds
 * litmus: close-qsbr-no-report-fence -DNO_MEMBARRIER  expect: violated
 * litmus: close-qsbr-no-scan-fence -DNO_SCAN_FENCE    expect: violated
 * edges: R-CLOSE A-CLOSE F-QS F-SCAN R-QS A-QS
 */
#include "litmus.h"
#include "inflight.h" /* the barrier as each run takes it; TLS as globals */

/* A thread an earlier call linked, not yet online (ring/inflight.c's link). */
#if defined(MEMBARRIER) || defined(NO_MEMBARRIER)
struct mbx__inflight mbx__inflight_self = {.linked = true, .path = MBX__PATH_MARK};
bool mbx__inflight_fenced = false; /* registered (or, NO_MEMBARRIER, assumed so) */
#else
struct mbx__inflight mbx__inflight_self = {.linked = true, .path = MBX__PATH_SLOW};
bool mbx__inflight_fenced = true; /* no membarrier: F-QS is a fence in the producer */
#endif

#define IDS 2

static struct mbx_mailbox mailbox;
static int guest_memory[IDS + 1]; /* the guest's linear memory, freed after close */
static bool enqueued[IDS + 1];

/* mbx_enqueue on an online QSBR thread: no marker, then enqueue_open's body. */
static void enqueue(uint32_t id)
{
	assert(!mbx__inflight_try_begin(&mailbox) && mbx__inflight_qsbr_online());
	/* A-CLOSE: pairs with R-CLOSE, as in mbx_enqueue; read after the last report's F-QS. */
	if (!atomic_load_explicit(&mailbox.closed, memory_order_acquire)) {
		guest_memory[id] = 1; /* the enqueue writes guest memory */
		enqueued[id] = mbx__publish_sequenced(&litmus_box, id) == MBX_OK;
	}
}

static void *producer(void *arg)
{
	struct mbx__inflight *self = &mbx__inflight_self;

	(void)arg;
	mbx__inflight_online(self); /* mbx_thread_online: R-QS, F-QS */
	enqueue(1);
	mbx__inflight_report(self); /* mbx_thread_quiescent: R-QS, F-QS */
	enqueue(2);
	mbx__inflight_offline(self); /* mbx_thread_offline (or its exit): R-QS */
	return NULL;
}

/* mbx_mailbox_close: the gate, then mbx__inflight_wait, then the embedder frees memory. */
static void *closer(void *arg)
{
	struct mbx__inflight *other = &mbx__inflight_self; /* the registry: the producer */
	unsigned long snapshot;

	(void)arg;
	/* R-CLOSE: pairs with A-CLOSE in the producer. */
	atomic_store_explicit(&mailbox.closed, true, memory_order_release);
#ifndef NO_SCAN_FENCE
	/* F-SCAN: pairs with F-QS (membarrier's barrier: F-QS's fence here). */
	atomic_thread_fence(memory_order_seq_cst);
#endif
	/* The marker scan: this producer never marks ("!= NULL": see close-quiescent.c). */
	while (atomic_load_explicit(&other->mailbox, memory_order_acquire) != NULL)
		;
	/* A-QS: pairs with R-QS: the snapshot, then wait for the next report or offline (0). */
	snapshot = atomic_load_explicit(&other->quiescent, memory_order_acquire);
	if (snapshot != 0)
		while (atomic_load_explicit(&other->quiescent, memory_order_acquire) == snapshot)
			;
	/* Close has returned: the embedder reads (frees) the guest's memory. */
	for (uint32_t id = 1; id <= IDS; id++) {
		assert(guest_memory[id] == 0 || guest_memory[id] == 1);
		/* Relaxed: the slot's publication is ordered by A-QS (R-QS after the store). */
		assert(!enqueued[id] ||
		       atomic_load_explicit(&litmus_box.ring[id - 1], memory_order_relaxed) == id);
	}
	return NULL;
}

int main(void)
{
	litmus_run(closer, producer, 1);
	return 0;
}
