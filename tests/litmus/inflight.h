/* SPDX-License-Identifier: MIT */
/*
 * What the close programs (close-quiescent.c, close-qsbr.c) share: the
 * caller's compiler barrier (F-MARK, F-QS: atomic_signal_fence) as each run
 * takes it, and ring/inflight.h's thread-local state as plain globals.
 *   -DNO_MEMBARRIER  the barrier without membarrier(2): a compiler barrier,
 *                    which in C11 orders nothing between threads; GenMC
 *                    treats atomic_signal_fence as a full fence, so it is
 *                    taken out here.
 *   -DMEMBARRIER     membarrier's barrier on the running producer, at its
 *                    compiler barrier: a seq_cst fence.
 * GenMC cannot initialise a thread-local struct; one producer runs the
 * caller's steps, so its state can be a plain global (and its tls_model
 * attribute an unused one). Include after litmus.h.
 */
#ifndef MBX_LITMUS_INFLIGHT_H
#define MBX_LITMUS_INFLIGHT_H

#ifdef NO_MEMBARRIER
#undef atomic_signal_fence
#define atomic_signal_fence(order) ((void)(order))
#elif defined(MEMBARRIER)
#undef atomic_signal_fence
#define atomic_signal_fence(order) atomic_thread_fence(order)
#endif

#define _Thread_local
#define tls_model(model) unused
#include "mailbox_internal.h"
#undef tls_model
#undef _Thread_local

#endif /* MBX_LITMUS_INFLIGHT_H */
