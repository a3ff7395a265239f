// SPDX-License-Identifier: MIT
/*
 * Close is quiescent: once mbx_mailbox_close returns, no enqueue writes guest
 * memory (ring/inflight.h, ring/mailbox.c).
 * The producer runs mbx_enqueue's two ways in with ring/inflight.h's own
 * caller half: the fast path (mbx__inflight_try_begin: the marker store,
 * F-MARK; mbx__inflight_end_self: R-DONE) when the thread is linked and
 * membarrier is registered, else mbx__inflight_begin / mbx__inflight_end.
 * Between them, mbx_enqueue's body: read the closed gate (A-CLOSE), and if
 * open publish with sequenced's step (mbx__publish_sequenced), a write into
 * guest memory. The closer raises the gate (R-CLOSE) and waits as
 * mbx__inflight_wait does (F-SCAN, then A-SCAN: wait while the producer's
 * marker names the mailbox), then reads the guest's memory as its embedder
 * may (to free or reuse it: a plain read). Those two, mbx_enqueue's gate
 * check and mbx__inflight_wait's scan, live in .c files, so they are written
 * here step for step.
 * Property: the closer's read races with no producer write (GenMC reports a
 * race on a plain location otherwise) and sees the id of every enqueue that
 * succeeded.
 * membarrier(2) is a system call GenMC cannot run: it makes every running
 * thread execute a full barrier between the closer's gate store and its
 * scan, that is F-MARK, a compiler barrier (atomic_signal_fence), acts as a
 * seq_cst fence: -DMEMBARRIER makes it one. The runs:
 *   close-quiescent             no membarrier (mbx__inflight_fenced): the
 *                               thread's first call links it, F-MARK is the
 *                               seq_cst fence mbx__inflight_barrier adds
 *   close-quiescent-membarrier  membarrier, the first call (links, then
 *                               mbx__inflight_begin's compiler barrier)
 *   close-quiescent-fast        membarrier, a thread an earlier call linked:
 *                               mbx__inflight_try_begin, mbx_enqueue's fast path
 * With F-MARK only a compiler barrier and no membarrier (-DNO_MEMBARRIER),
 * on either path, it is the store-buffering shape: the producer misses the
 * gate, the closer misses the marker, and the producer writes after close
 * returned: violated.
 *
 * litmus: close-quiescent                                expect: holds
 * litmus: close-quiescent-membarrier -DMEMBARRIER        expect: holds
 * litmus: close-quiescent-fast -DMEMBARRIER -DFAST       expect: holds
 * litmus: close-no-membarrier -DNO_MEMBARRIER            expect: violated
 * litmus: close-fast-no-membarrier -DNO_MEMBARRIER -DFAST expect: violated
 * edges: R-CLOSE A-CLOSE F-MARK F-SCAN R-DONE A-SCAN
 */
#include "litmus.h"
#include "inflight.h" /* the barrier as each run takes it; TLS as globals */

#ifdef FAST
/* A thread an earlier call linked, membarrier registered (ring/inflight.c's link). */
struct mbx__inflight mbx__inflight_self = {.linked = true, .path = MBX__PATH_MARK};
#else
struct mbx__inflight mbx__inflight_self;
#endif
#if defined(MEMBARRIER) || defined(NO_MEMBARRIER)
bool mbx__inflight_fenced = false; /* registered (or, NO_MEMBARRIER, assumed so) */
#else
bool mbx__inflight_fenced = true;      /* no membarrier: F-MARK is a fence in the producer */
#endif

static struct mbx_mailbox mailbox;
static int guest_memory; /* the guest's linear memory, which the embedder frees after close */
static bool enqueued;

/* The registry of markers (ring/inflight.c): linked under its lock, scanned under it. */
static pthread_mutex_t registry_lock = PTHREAD_MUTEX_INITIALIZER;
#ifdef FAST
static struct mbx__inflight *registry = &mbx__inflight_self; /* under registry_lock */
#else
static struct mbx__inflight *registry; /* under registry_lock */
#endif

void mbx__inflight_link(struct mbx__inflight *self)
{
	pthread_mutex_lock(&registry_lock);
	registry = self; /* one producer: the registry is its marker */
	self->linked = true;
	self->path = mbx__inflight_marker_path();
	pthread_mutex_unlock(&registry_lock);
}

/* mbx_enqueue's body between the marker and R-DONE (enqueue_open). */
static void enqueue_open(void)
{
	/* A-CLOSE: pairs with R-CLOSE, as in mbx_enqueue; read after F-MARK. */
	if (!atomic_load_explicit(&mailbox.closed, memory_order_acquire)) {
		guest_memory = 1; /* the enqueue writes guest memory: the id, the flag */
		enqueued = mbx__publish_sequenced(&litmus_box, 1u) == MBX_OK;
	}
}

/* mbx_enqueue: the fast path, or the way every first call (and no membarrier) takes. */
static void *producer(void *arg)
{
	struct mbx__inflight *self;

	(void)arg;
	if (mbx__inflight_try_begin(&mailbox)) { /* marker store, F-MARK */
		enqueue_open();
		mbx__inflight_end_self(); /* R-DONE */
		return NULL;
	}
	self = mbx__inflight_begin(&mailbox); /* marker store, F-MARK */
	enqueue_open();
	mbx__inflight_end(self); /* R-DONE */
	return NULL;
}

/* mbx_mailbox_close: the gate, then mbx__inflight_wait, then the embedder frees memory. */
static void *closer(void *arg)
{
	(void)arg;
	/* R-CLOSE: pairs with A-CLOSE in the producer. */
	atomic_store_explicit(&mailbox.closed, true, memory_order_release);
	/* F-SCAN: pairs with F-MARK (membarrier's barrier: F-MARK's fence here). */
	atomic_thread_fence(memory_order_seq_cst);
	pthread_mutex_lock(&registry_lock);
	if (registry)
		/*
		 * A-SCAN: pairs with R-DONE (and with the marker store through F-SCAN / F-MARK).
		 * "== &mailbox" in the library; one mailbox here, so "!= NULL" (GenMC
		 * turns the loop into an assume(), which takes no address constant).
		 */
		while (atomic_load_explicit(&registry->mailbox, memory_order_acquire) != NULL)
			;
	pthread_mutex_unlock(&registry_lock);
	/* Close has returned: the embedder reads (frees) the guest's memory. */
	assert(guest_memory == 0 || guest_memory == 1);
	return NULL;
}

int main(void)
{
	litmus_run(closer, producer, 1);
	/* Every enqueue that got in finished before close returned (the read above did not race). */
	assert(!enqueued || litmus_box.flag == 1u);
	return 0;
}
