/* SPDX-License-Identifier: MIT */
/*
 * "wfcq": the ids travel in liburcu's wait-free concurrent queue (wfcqueue)
 * instead of the guest's 256-slot ring: unbounded, never overwrites, never
 * hands out an id before it is linked. The guest contract is unchanged: the
 * flag and the waiter word in guest memory, every wake policy (the c11 host
 * halves of <mbx/wake/<policy>.h>), both guest kinds (sim/guest.c takes from the queue).
 *
 * A structural alternative, simulated: the queue lives in host memory, which
 * a real guest cannot read. A runtime would put the nodes in guest memory
 * and link them by offset; the costs measured here (one node allocation and
 * one xchg per id, a pointer chase per id on the guest side) would remain.
 *
 * Enqueue: malloc a node (the one allocation on any enqueue path in mbx; the
 * guest frees it), cds_wfcq_enqueue (wait-free: uatomic_xchg on the queue's
 * tail, a full barrier, then a store linking the old tail to the node), then
 * raise the flag and wake.
 * Guest: __cds_wfcq_dequeue_nonblocking, one node at a time, by the single
 * guest thread (the __ functions need the dequeuers serialised: there is
 * one). Nonblocking, so a node whose producer has swapped the tail but not
 * yet linked it stops the drain (CDS_WFCQ_WOULDBLOCK) instead of making the
 * guest spin or sleep 10 ms inside liburcu (its blocking variants do): that
 * producer's raise brings the guest back, as with a sequenced slot not yet
 * stored. That holds only because the raise is sequenced's RMW raise: with a
 * plain release store, the guest's exchange that reads a later producer's 1
 * synchronises with that producer only, and the guest can sleep with the
 * unlinked node's id pending (the flag hole, tests/litmus/sequenced-flag.c).
 *
 * Edges:
 *   R-WFCQ  cds_wfcq_enqueue's xchg and link store; pairs with A-WFCQ, the
 *           guest's dequeue reading the link (liburcu's own pairing, inside wfcqueue):
 *           a dequeued node's task id is visible. Not a litmus test: GenMC
 *           cannot read liburcu's inline assembly.
 *   R-FLAG  flag = 1 by an RMW (release), after the enqueue: sequenced's raise
 *           step; pairs with A-FLAG in the corrected guest, for this raise and
 *           every earlier one: a guest that saw the flag finds every node
 *           linked before it. Proved by tests/litmus/sequenced-flag.c.
 * Calls into liburcu-common (no _LGPL_SOURCE: these functions are longer than
 * LGPL's 10-line allowance for inlining).
 */
#include <stdlib.h>
#include <urcu/compiler.h>
#include <urcu/wfcqueue.h>

#include "../fault.h"
#include "../sequenced.h"
#include "../structure.h"
#include "../variant_rows.h"
#include "../wake.h"

struct wfcq_queue {
	struct cds_wfcq_head head;
	struct cds_wfcq_tail tail;
};

struct wfcq_node {
	struct cds_wfcq_node link;
	uint32_t task_id;
};

static enum mbx_status wfcq_create(void **state)
{
	struct wfcq_queue *queue = malloc(sizeof(*queue));

	if (!queue)
		return MBX_E_NO_MEMORY;
	cds_wfcq_init(&queue->head, &queue->tail);
	*state = queue;
	return MBX_OK;
}

/* Only the guest thread dequeues; NULL when empty or the first node is not linked yet. */
static struct wfcq_node *wfcq_dequeue(struct wfcq_queue *queue)
{
	struct cds_wfcq_node *link = __cds_wfcq_dequeue_nonblocking(&queue->head, &queue->tail);

	if (!link || link == CDS_WFCQ_WOULDBLOCK)
		return NULL;
	return caa_container_of(link, struct wfcq_node, link);
}

static void wfcq_destroy(void *state)
{
	struct wfcq_queue *queue = state;
	struct wfcq_node *node;

	while ((node = wfcq_dequeue(queue)) != NULL)
		free(node);
	cds_wfcq_destroy(&queue->head, &queue->tail);
	free(queue);
}

static uint32_t wfcq_take(void *state, mbx_deliver_fn deliver, void *context)
{
	struct wfcq_node *node;
	uint32_t taken = 0;

	while ((node = wfcq_dequeue(state)) != NULL) {
		deliver(context, node->task_id, false);
		free(node);
		taken++;
	}
	return taken;
}

static bool wfcq_pending(void *state)
{
	struct wfcq_queue *queue = state;

	return !cds_wfcq_empty(&queue->head, &queue->tail);
}

static const struct mbx__structure wfcq_structure = {
    .create = wfcq_create,
    .destroy = wfcq_destroy,
    .take = wfcq_take,
    .pending = wfcq_pending,
};

static inline enum mbx_status mbx__publish_wfcq(struct mbx_mailbox *mailbox,
                                                struct mbx_abi_mailbox *box, uint32_t task_id)
{
	struct wfcq_queue *queue = mailbox->structure_state;
	struct wfcq_node *node = malloc(sizeof(*node));

	if (!node)
		return MBX_E_NO_MEMORY; /* nothing was written */
	cds_wfcq_node_init(&node->link);
	node->task_id = task_id;
	/* R-WFCQ: xchg (full barrier) + link store; pairs with A-WFCQ, the guest's dequeue. */
	cds_wfcq_enqueue(&queue->head, &queue->tail, &node->link);
	MBX__FAULT_POINT(MBX__FAULT_WFCQ_LINKED); /* soak only: linked, flag not raised */
	mbx__sequenced_raise(box); /* R-FLAG: an RMW, pairs with A-FLAG in the corrected guest */
	return MBX_OK;
}

/* The macro is a list of definitions, not a statement: clang-format would indent what follows. */
/* clang-format off */
MBX__ENQUEUES_wfcq /* mbx__enqueue_wfcq_<wake>: <mbx/wake/enqueues.h> */

const struct mbx_variant mbx__variant_wfcq = {
    .name = "wfcq",
    .tail_order = "wfcq xchg (full barrier)",
    .slot_order = "-",
    .flag_order = "xchg release",
    .purpose = "ids in liburcu's wfcqueue: unbounded, never overwrites",
    .overwrites = false,
    .opaque_to_tsan = true,
    .structure = &wfcq_structure,
    .enqueue = MBX__ENQUEUE_ROW_wfcq,
};
/* clang-format on */
