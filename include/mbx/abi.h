/* SPDX-License-Identifier: MIT */
/*
 * The guest mailbox ABI: 1040 bytes at a 4-aligned address (base + offset)
 * in guest linear memory. Every word is a little-endian u32 accessed
 * atomically.
 *
 *   offset  field     written by
 *   0       waiter    guest announces a sleep (waiter_aware, waiter_handoff);
 *                     the host clears it under waiter_handoff; unused by the
 *                     reference and the other wake policies
 *   4       flag      host sets 1, guest clears
 *   8       head      guest only (untrusted: the host never derives an address from it)
 *   12      tail      host only: claimed by fetch_add (every overwriting
 *                     variant) or by a compare-exchange that checks room
 *                     against head ("sequenced")
 *   16      ring[256] host stores task ids, guest reads (the corrected guest
 *                     clears each slot it took)
 *
 * Indices are free-running u32 and masked with MBX_CAPACITY - 1 on access.
 *
 * What the host promises a hostile guest (one that writes anything anywhere
 * in its memory at any moment):
 *   - the host writes only inside the 1040 bytes of the attached region: the
 *     flag, the tail, ring slots (addressed by its own tail masked with
 *     MBX_CAPACITY - 1, never by head) and, under waiter_handoff, the waiter
 *     word; the region is checked against the memory on attach and on every
 *     mbx_mailbox_refresh_base;
 *   - no value the guest writes makes the host crash, loop without bound or
 *     block (a lying waiter costs spurious wake system calls; a lying head
 *     makes "sequenced" answer MBX_E_FULL or overwrite the guest's own unread
 *     slots);
 *   - the host's own state (closed, base, policies) lives outside guest memory.
 * The ids are the guest's to lose: a lying guest may not receive them.
 *
 * C++: a C++ compiler sees the same layout with plain uint32_t words (C++17
 * has no _Atomic); access them only atomically (std::atomic_ref<uint32_t> in
 * C++20, or the compiler's __atomic builtins), as the C side does.
 */
#ifndef MBX_ABI_H
#define MBX_ABI_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
#define MBX__ABI_WORD          uint32_t
#define MBX__ABI_ALIGNOF(type) alignof(type)
#else
#include <assert.h>
#include <stdatomic.h>
#define MBX__ABI_WORD          _Atomic uint32_t
#define MBX__ABI_ALIGNOF(type) _Alignof(type)
#endif

#ifdef __cplusplus
extern "C" {
#endif

#define MBX_WAITER_OFFSET 0u
#define MBX_FLAG_OFFSET   4u
#define MBX_HEAD_OFFSET   8u
#define MBX_TAIL_OFFSET   12u
#define MBX_RING_OFFSET   16u
#define MBX_CAPACITY      256u
#define MBX_SLOT_SIZE     4u
#define MBX_MAILBOX_BYTES (MBX_RING_OFFSET + MBX_CAPACITY * MBX_SLOT_SIZE)
#define MBX_MAILBOX_ALIGN 4u
#define MBX_PAGE_SIZE     65536u
#define MBX_MAX_PAGES     65536u
#define MBX_TASK_ID_NONE  0u

/* The mailbox as the host and the simulated guest see it in linear memory. */
struct mbx_abi_mailbox {
	MBX__ABI_WORD waiter;
	MBX__ABI_WORD flag;
	MBX__ABI_WORD head;
	MBX__ABI_WORD tail;
	MBX__ABI_WORD ring[MBX_CAPACITY];
};

static_assert((MBX_CAPACITY & (MBX_CAPACITY - 1)) == 0, "capacity must be a power of two");
static_assert(sizeof(MBX__ABI_WORD) == MBX_SLOT_SIZE, "guest words are u32");
static_assert(MBX__ABI_ALIGNOF(MBX__ABI_WORD) == MBX_MAILBOX_ALIGN, "guest words are 4-aligned");
#ifndef __cplusplus
static_assert(ATOMIC_INT_LOCK_FREE == 2, "u32 atomics must be lock-free (futex words)");
#endif
static_assert(offsetof(struct mbx_abi_mailbox, waiter) == MBX_WAITER_OFFSET, "ABI: waiter");
static_assert(offsetof(struct mbx_abi_mailbox, flag) == MBX_FLAG_OFFSET, "ABI: flag");
static_assert(offsetof(struct mbx_abi_mailbox, head) == MBX_HEAD_OFFSET, "ABI: head");
static_assert(offsetof(struct mbx_abi_mailbox, tail) == MBX_TAIL_OFFSET, "ABI: tail");
static_assert(offsetof(struct mbx_abi_mailbox, ring) == MBX_RING_OFFSET, "ABI: ring");
static_assert(sizeof(struct mbx_abi_mailbox) == MBX_MAILBOX_BYTES, "ABI: 1040 bytes");
static_assert(MBX_MAILBOX_BYTES == 1040u, "ABI: 16 + 256 * 4");

/* Slot index of a free-running position. */
static inline uint32_t mbx_slot_index(uint32_t position)
{
	return position & (MBX_CAPACITY - 1u);
}

#ifdef __cplusplus
}
#endif

#endif /* MBX_ABI_H */
