/* SPDX-License-Identifier: MIT */
/*
 * The base-policy table, the reference's "atomic" base, and mbx_mailbox_hold_base
 * (the simulator's mbx_mailbox_grow_memory, sim/grow.c, uses it like a runtime).
 *
 * Orderings in this file:
 *   R-BASE  publish stores the region (release); pairs with A-BASE, every
 *           enqueue's acquire load (mbx__mailbox_box): a producer that sees
 *           the new base sees the copied block behind it.
 */
#include "base.h"
#include "table.h"

#ifdef MBX_HAVE_URCU
#include "urcu/rcu_base_rows.h"
#endif

static enum mbx_status atomic_enqueue(struct mbx_mailbox *mailbox, uint32_t task_id)
{
	return mailbox->enqueue(mailbox, mbx__mailbox_box(mailbox), task_id);
}

static struct mbx_abi_mailbox *atomic_enter(const struct mbx_mailbox *mailbox)
{
	return mbx__mailbox_box(mailbox);
}

static void atomic_leave(const struct mbx_mailbox *mailbox)
{
	(void)mailbox;
}

/* The reference cannot hold producers off: they may keep writing the old block. */
static void atomic_hold(struct mbx_mailbox *mailbox)
{
	(void)mailbox;
}

static void atomic_publish(struct mbx_mailbox *mailbox, uintptr_t region)
{
	mbx__mailbox_publish_region(mailbox, region); /* R-BASE */
}

static const struct mbx__base_ops atomic_ops = {
    .enqueue = atomic_enqueue,
    .enter = atomic_enter,
    .leave = atomic_leave,
    .hold = atomic_hold,
    .publish = atomic_publish,
};

const struct mbx_base mbx__base_atomic = {
    .name = "atomic",
    .purpose = "the reference: an atomic base; moving growth frees memory producers may "
               "still write",
    .rcu = false,
    .ops = &atomic_ops,
};

static const struct mbx_base *const bases[] = {
    &mbx__base_atomic,
#ifdef MBX_HAVE_URCU
    &mbx__base_rcu_memb,
    &mbx__base_rcu_mb,
    &mbx__base_rcu_qsbr,
#endif
};

/* Never in the table: attach refuses it (MBX_E_UNKNOWN_NAME), the accessors see no row. */
const struct mbx_base mbx__base_unknown = {.name = "(unknown base)"};

MBX__DEFINE_ROW_TABLE(mbx_base, base, bases, mbx__base_unknown)

const char *mbx_base_name(const struct mbx_base *base)
{
	const struct mbx_base *row = mbx__base_row(base);

	return row ? row->name : NULL;
}

const char *mbx_base_purpose(const struct mbx_base *base)
{
	const struct mbx_base *row = mbx__base_row(base);

	return row ? row->purpose : NULL;
}

bool mbx_base_is_rcu(const struct mbx_base *base)
{
	const struct mbx_base *row = mbx__base_row(base);

	return row && row->rcu;
}

enum mbx_status mbx_mailbox_hold_base(struct mbx_mailbox *mailbox)
{
	if (!mailbox)
		return MBX_E_INVALID;
	mailbox->base->ops->hold(mailbox);
	return MBX_OK;
}
