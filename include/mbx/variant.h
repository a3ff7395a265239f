/* SPDX-License-Identifier: MIT */
/*
 * Enqueue variants and wake policies are data: one table row each. Every
 * (variant, wake policy) pair is its own compiled function with its memory
 * orders fixed at compile time; a mailbox picks one at attach.
 */
#ifndef MBX_VARIANT_H
#define MBX_VARIANT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <mbx/status.h>

struct mbx_mailbox;
struct mbx_abi_mailbox;
struct mbx__structure;

enum mbx_wake_kind {
	MBX_WAKE_FUTEX,          /* FUTEX_WAKE (shared) on every enqueue: the reference */
	MBX_WAKE_FUTEX_PRIVATE,  /* FUTEX_WAKE_PRIVATE on every enqueue */
	MBX_WAKE_WAITER_AWARE,   /* the system call only when the guest announced it sleeps */
	MBX_WAKE_SPIN,           /* no system call; the guest polls */
	MBX_WAKE_NOTIFY,         /* a host-side condition variable with a permit */
	MBX_WAKE_WAITER_HANDOFF, /* the first waker takes the guest's announcement (call_rcu) */
	MBX_WAKE_COUNT
};

/*
 * Publishes one validated task id (non-zero, 32-bit) into box, the mailbox
 * region at the base mbx_enqueue obtained through the mailbox's base policy,
 * and wakes the guest; see mbx_enqueue.
 */
typedef enum mbx_status (*mbx_enqueue_fn)(struct mbx_mailbox *mailbox, struct mbx_abi_mailbox *box,
                                          uint32_t task_id);

struct mbx_variant {
	const char *name;
	const char *tail_order; /* orders as text, for reports ("-" where not one access) */
	const char *slot_order;
	const char *flag_order;
	const char *purpose;
	bool overwrites; /* true: may overwrite unread slots (the reference protocol) */
	/*
	 * true: built on liburcu's x86 inline assembly, which ThreadSanitizer does
	 * not see (it reports races that are not there and misses real ones);
	 * tests run such rows under ASan instead.
	 */
	bool opaque_to_tsan;
	/* NULL: ids travel in the guest's ring; else a host-side structure (ring/structure.h). */
	const struct mbx__structure *structure;
	mbx_enqueue_fn enqueue[MBX_WAKE_COUNT];
};

struct mbx_wake {
	const char *name;
	enum mbx_wake_kind kind;
	const char *purpose;
};

size_t mbx_variant_count(void);
/* NULL past the end. */
const struct mbx_variant *mbx_variant_at(size_t index);
/* NULL when no row has that name. */
const struct mbx_variant *mbx_variant_find(const char *name);

size_t mbx_wake_count(void);
const struct mbx_wake *mbx_wake_at(size_t index);
const struct mbx_wake *mbx_wake_find(const char *name);

#endif /* MBX_VARIANT_H */
