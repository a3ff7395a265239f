/* SPDX-License-Identifier: MIT */
/*
 * The out-of-line parts of <mbx/inline.h>: the futex system call and the
 * notify policy's condition variable, which the inline wake halves call, and
 * an external copy of every mbx_enqueue_<variant>_<wake> for C++ callers
 * (the header declares them extern "C" there: C++17 has no C11 atomics).
 */
/* External definitions of the same bodies instead of static inline ones: first, before
 * anything else can include <mbx/inline.h>. */
#include <mbx/export.h>
#define MBX__INLINE MBX_API
#include <mbx/inline.h>

#include "futex.h"
#include "mailbox_internal.h"

void mbx_fast_futex_wake(_Atomic uint32_t *word, bool shared)
{
	mbx__futex_wake(word, shared);
}

void mbx_fast_notify(struct mbx_mailbox *mailbox)
{
	mbx__notify_signal(&mailbox->notify);
}
