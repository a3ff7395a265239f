// SPDX-License-Identifier: MIT
/*
 * The RCU base's move (ring/urcu/rcu_base.h): hold, grace period, copy,
 * publish, against a producer that enqueues meanwhile.
 *
 * Written in C11 here, not built from rcu_base.h: that file is a template over
 * liburcu, whose read side and grace period are inline assembly and
 * membarrier(2), which GenMC cannot read. The protocol is rcu_base.h's,
 * step for step and with its labels; RCU itself is modelled the way
 * liburcu's "mb" flavour implements it: read_lock stores the reader's
 * counter then issues a full fence, read_unlock a full fence then clears it;
 * synchronize_rcu fences, waits until the reader is outside its section,
 * fences. ("memb" moves the readers' fences into the writer's membarrier,
 * which makes the same fences happen when the writer needs them.)
 *
 * The producer: read_lock; r = region (A-BASE-RCU); r != 0: write its id into
 * block r (the enqueue, a plain write) and read_unlock; r == 0: read_unlock,
 * FUTEX_WAIT(moving, 1), retry.
 * The grower: moving = 1; region = 0 (R-HOLD); synchronize_rcu; copy the
 * old block into the new one; region = new (R-BASE-RCU); moving = 0 and, if
 * it was 1, FUTEX_WAKE (the model in litmus.h).
 * Property: the producer's id ends in the new block (no write lands in the
 * old block after the copy read it: that is also a data race), and the
 * producer does not sleep forever.
 * Without the grace period a producer that read the old base before the
 * hold writes into the old block after the copy: violated.
 *
 * litmus: rcu-base                   expect: holds
 * litmus: rcu-base-no-grace-period   -DNO_GRACE_PERIOD expect: violated
 * edges: R-HOLD A-BASE-RCU R-BASE-RCU
 */
#include "litmus.h"

static int old_block, new_block; /* one slot of the mailbox, old and new mapping */
static _Atomic uintptr_t region = (uintptr_t)&old_block;
static _Atomic uint32_t moving;
static atomic_int reader_active; /* the producer's RCU reader counter */
static bool producer_asleep_at_end;

static void read_lock(void)
{
	/* Relaxed: ordered before the section's reads by the fence (liburcu mb: smp_mb). */
	atomic_store_explicit(&reader_active, 1, memory_order_relaxed);
	/* Pairs with the grace period's first fence. */
	atomic_thread_fence(memory_order_seq_cst);
}

static void read_unlock(void)
{
	/* Pairs with the grace period's acquire of reader_active (liburcu mb: smp_mb, store). */
	atomic_store_explicit(&reader_active, 0, memory_order_release);
}

static void synchronize_rcu(void)
{
#ifndef NO_GRACE_PERIOD
	/* Pairs with read_lock's fence: a section that began later sees the hold. */
	atomic_thread_fence(memory_order_seq_cst);
	/* Acquire: pairs with read_unlock: the section's writes happen-before the copy. */
	while (atomic_load_explicit(&reader_active, memory_order_acquire))
		;
#endif
}

static void *producer(void *arg)
{
	(void)arg;
	for (;;) {
		uintptr_t r;

		read_lock();
		/* A-BASE-RCU: pairs with R-BASE-RCU and R-HOLD. */
		r = atomic_load_explicit(&region, memory_order_acquire);
		if (r != 0) {
			*(int *)r = 7; /* the enqueue's write into the mailbox */
			read_unlock();
			return NULL;
		}
		read_unlock();
		if (litmus_futex_wait(&moving, 1u) == LITMUS_ASLEEP_AT_END) {
			producer_asleep_at_end = true;
			return NULL;
		}
	}
}

static void *grower(void *arg)
{
	(void)arg;
	/* Relaxed: published by R-HOLD. */
	atomic_store_explicit(&moving, 1u, memory_order_relaxed);
	/* R-HOLD: pairs with A-BASE-RCU: a producer that reads 0 sees moving == 1. */
	atomic_store_explicit(&region, (uintptr_t)0, memory_order_release);
	synchronize_rcu();
	new_block = old_block; /* the copy */
	/* R-BASE-RCU: pairs with A-BASE-RCU. */
	atomic_store_explicit(&region, (uintptr_t)&new_block, memory_order_release);
	/* Release: after the region, as rcu_publish. */
	if (atomic_exchange_explicit(&moving, 0u, memory_order_release) != 0)
		mbx_fast_futex_wake(&moving, false); /* FUTEX_WAKE all: one sleeper */
	return NULL;
}

int main(void)
{
	litmus_run(producer, grower, 1); /* the producer may sleep: it is the waiter */
	assert(!producer_asleep_at_end);
	assert(new_block == 7);
	return 0;
}
