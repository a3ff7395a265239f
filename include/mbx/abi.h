/* SPDX-License-Identifier: MIT */
/*
 * The guest mailbox ABI: 1040 bytes at a 4-aligned address (base + offset)
 * in guest linear memory (the seed's layout, the default; MBX_ABI_V2 below
 * pads it to 1280 bytes at a 64-aligned address). Every word is a
 * little-endian u32 accessed atomically.
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
 *   - the host writes only inside the MBX_MAILBOX_BYTES of the attached
 *     region (1040, or 1280 under MBX_ABI_V2): the flag, the tail, ring
 *     slots (addressed by its own tail masked with MBX_CAPACITY - 1, never by
 *     head) and, under waiter_handoff, the waiter word; the region is checked
 *     against the memory on attach and on every mbx_mailbox_refresh_base;
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

/*
 * The layout: the seed's 1040 bytes by default; with MBX_ABI_V2 defined
 * (every file of a build alike: the library, the simulator and whatever
 * includes this), "ABI v2", the same words each on its own 64-byte cache
 * line (docs/protocol.md, "The layout"): waiter 0, flag 64, head 128,
 * tail 192, ring 256..1279, the region 64-aligned. A runtime picks one; the
 * two never meet in one process.
 */
#ifdef MBX_ABI_V2
#define MBX_ABI_LINE      64u
#define MBX_WAITER_OFFSET 0u
#define MBX_FLAG_OFFSET   64u
#define MBX_HEAD_OFFSET   128u
#define MBX_TAIL_OFFSET   192u
#define MBX_RING_OFFSET   256u
#define MBX_MAILBOX_ALIGN 64u
#else
#define MBX_WAITER_OFFSET 0u
#define MBX_FLAG_OFFSET   4u
#define MBX_HEAD_OFFSET   8u
#define MBX_TAIL_OFFSET   12u
#define MBX_RING_OFFSET   16u
#define MBX_MAILBOX_ALIGN 4u
#endif
#define MBX_CAPACITY      256u
#define MBX_SLOT_SIZE     4u
#define MBX_MAILBOX_BYTES (MBX_RING_OFFSET + MBX_CAPACITY * MBX_SLOT_SIZE)
#define MBX_PAGE_SIZE     65536u
#define MBX_MAX_PAGES     65536u
#define MBX_TASK_ID_NONE  0u
/*
 * Private: the cache line size the host's and the guest's performance
 * choices assume (x86-64, arm64), and the slots in one; not part of the
 * layout (the announced claim's prefetch, the batched guest's line-wise show).
 */
#define MBX__LINE_BYTES     64u
#define MBX__SLOTS_PER_LINE (MBX__LINE_BYTES / MBX_SLOT_SIZE)

/* The mailbox as the host and the simulated guest see it in linear memory. */
#ifdef MBX_ABI_V2
/* Padding words: never read or written by the host. */
#define MBX__ABI_PAD(name) uint32_t name[MBX_ABI_LINE / MBX_SLOT_SIZE - 1u]
#else
#define MBX__ABI_PAD(name)
#endif
struct mbx_abi_mailbox {
	MBX__ABI_WORD waiter;
	MBX__ABI_PAD(pad_waiter);
	MBX__ABI_WORD flag;
	MBX__ABI_PAD(pad_flag);
	MBX__ABI_WORD head;
	MBX__ABI_PAD(pad_head);
	MBX__ABI_WORD tail;
	MBX__ABI_PAD(pad_tail);
	MBX__ABI_WORD ring[MBX_CAPACITY];
};

static_assert((MBX_CAPACITY & (MBX_CAPACITY - 1)) == 0, "capacity must be a power of two");
static_assert(sizeof(MBX__ABI_WORD) == MBX_SLOT_SIZE, "guest words are u32");
static_assert(MBX__ABI_ALIGNOF(MBX__ABI_WORD) == 4u, "guest words are 4-aligned");
#ifndef __cplusplus
static_assert(ATOMIC_INT_LOCK_FREE == 2, "u32 atomics must be lock-free (futex words)");
#endif
static_assert(offsetof(struct mbx_abi_mailbox, waiter) == MBX_WAITER_OFFSET, "ABI: waiter");
static_assert(offsetof(struct mbx_abi_mailbox, flag) == MBX_FLAG_OFFSET, "ABI: flag");
static_assert(offsetof(struct mbx_abi_mailbox, head) == MBX_HEAD_OFFSET, "ABI: head");
static_assert(offsetof(struct mbx_abi_mailbox, tail) == MBX_TAIL_OFFSET, "ABI: tail");
static_assert(offsetof(struct mbx_abi_mailbox, ring) == MBX_RING_OFFSET, "ABI: ring");
static_assert(sizeof(struct mbx_abi_mailbox) == MBX_MAILBOX_BYTES, "ABI: the region's size");
#ifdef MBX_ABI_V2
static_assert(MBX_MAILBOX_BYTES == 1280u, "ABI v2: 4 * 64 + 256 * 4");
static_assert(MBX_FLAG_OFFSET / MBX_ABI_LINE != MBX_HEAD_OFFSET / MBX_ABI_LINE &&
                  MBX_HEAD_OFFSET / MBX_ABI_LINE != MBX_TAIL_OFFSET / MBX_ABI_LINE &&
                  MBX_TAIL_OFFSET / MBX_ABI_LINE != MBX_RING_OFFSET / MBX_ABI_LINE &&
                  MBX_WAITER_OFFSET / MBX_ABI_LINE != MBX_FLAG_OFFSET / MBX_ABI_LINE,
              "ABI v2: waiter, flag, head, tail and the ring on lines of their own");
static_assert(MBX_MAILBOX_ALIGN % MBX_ABI_LINE == 0, "ABI v2: the region starts a line");
#else
static_assert(MBX_MAILBOX_BYTES == 1040u, "ABI: 16 + 256 * 4");
#endif

/* Slot index of a free-running position. */
static inline uint32_t mbx_slot_index(uint32_t position)
{
	return position & (MBX_CAPACITY - 1u);
}

#ifdef __cplusplus
}
#endif

#endif /* MBX_ABI_H */
