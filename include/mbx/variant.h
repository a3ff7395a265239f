/* SPDX-License-Identifier: MIT */
/*
 * Enqueue variants and wake policies are data: one table row each. Every
 * (variant, wake policy) pair is its own compiled function with its memory
 * orders fixed at compile time; a mailbox picks one at attach.
 *
 * A variant is an opaque handle: a caller gets one from mbx_variant_find (by
 * name, with a status) or mbx_variant_at (by index) and passes it to attach
 * in mbx_options.variant; it cannot make one. Handles are static: valid for
 * the life of the process, never freed, any thread.
 */
#ifndef MBX_VARIANT_H
#define MBX_VARIANT_H

#include <mbx/export.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <mbx/status.h>

#ifdef __cplusplus
extern "C" {
#endif

struct mbx_variant;

enum mbx_wake_kind {
	MBX_WAKE_FUTEX,          /* FUTEX_WAKE (shared) on every enqueue: the reference */
	MBX_WAKE_FUTEX_PRIVATE,  /* FUTEX_WAKE_PRIVATE on every enqueue */
	MBX_WAKE_WAITER_AWARE,   /* the system call only when the guest announced it sleeps */
	MBX_WAKE_SPIN,           /* no system call; the guest polls */
	MBX_WAKE_NOTIFY,         /* a host-side condition variable with a permit */
	MBX_WAKE_WAITER_HANDOFF, /* the first waker takes the guest's announcement (call_rcu) */
	MBX_WAKE_COUNT
};

MBX_API size_t mbx_variant_count(void);
/* NULL past the end. */
MBX_API const struct mbx_variant *mbx_variant_at(size_t index);
/*
 * MBX_OK and *out = the row called name; MBX_E_UNKNOWN_NAME when no row has
 * that name (also a row this build left out: urcu and wfcq without liburcu),
 * and then *out = a poison handle that attach refuses with
 * MBX_E_UNKNOWN_NAME, so an unchecked typo can never become the default.
 * MBX_E_INVALID (nothing written) when out is NULL; a NULL name is unknown.
 */
MBX_API enum mbx_status mbx_variant_find(const char *name, const struct mbx_variant **out);

/*
 * What a row says about itself. For NULL, the poison handle or anything else
 * that is not a row: NULL for the strings, false for the flags.
 */
MBX_API const char *mbx_variant_name(const struct mbx_variant *variant);
MBX_API const char *mbx_variant_purpose(const struct mbx_variant *variant);
/* The orders as text, for reports ("-" where not one access). */
MBX_API const char *mbx_variant_tail_order(const struct mbx_variant *variant);
MBX_API const char *mbx_variant_slot_order(const struct mbx_variant *variant);
MBX_API const char *mbx_variant_flag_order(const struct mbx_variant *variant);
/* true: may overwrite unread slots (the reference protocol). */
MBX_API bool mbx_variant_overwrites(const struct mbx_variant *variant);
/*
 * true: built on liburcu's x86 inline assembly, which ThreadSanitizer does
 * not see (it reports races that are not there and misses real ones); tests
 * run such rows under ASan instead.
 */
MBX_API bool mbx_variant_opaque_to_tsan(const struct mbx_variant *variant);
/*
 * true: the ids travel in a host-side structure (wfcq), not in the guest's
 * ring; only the flag and the waiter word are in guest memory.
 */
MBX_API bool mbx_variant_host_structure(const struct mbx_variant *variant);
/*
 * true: the host raises the flag only for a guest that announced its sleep
 * (waiter = 1) and the guest re-checks tail after announcing ("announced",
 * ring/announced.c). Such a row's corrected guest is the batched one: it
 * drains by reading slots, takes ids beyond a hole and stores head lazily
 * (<mbx/guest.h>); the reference guest, which sleeps on the flag, loses
 * wake-ups with it.
 */
MBX_API bool mbx_variant_announced_sleep(const struct mbx_variant *variant);

MBX_API size_t mbx_wake_count(void);
/* The policy's name and purpose; "unknown" / "" for a value outside the enum. */
MBX_API const char *mbx_wake_name(enum mbx_wake_kind kind);
MBX_API const char *mbx_wake_purpose(enum mbx_wake_kind kind);
/*
 * MBX_OK and *out = the policy called name; MBX_E_UNKNOWN_NAME when none has
 * it, and then *out = MBX_WAKE_COUNT, which attach refuses (MBX_E_INVALID)
 * rather than take the reference's MBX_WAKE_FUTEX; MBX_E_INVALID (nothing
 * written) when out is NULL.
 */
MBX_API enum mbx_status mbx_wake_find(const char *name, enum mbx_wake_kind *out);

#ifdef __cplusplus
}
#endif

#endif /* MBX_VARIANT_H */
