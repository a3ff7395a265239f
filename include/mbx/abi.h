/* SPDX-License-Identifier: MIT */
/*
 * The guest mailbox ABI: 1040 bytes at a 4-aligned offset in guest linear
 * memory. Every word is a little-endian u32 accessed atomically.
 *
 *   offset  field     written by
 *   0       waiter    guest (waiter_aware wake policy only; unused by the reference)
 *   4       flag      host sets 1, guest clears
 *   8       head      guest only (untrusted: the host never derives an address from it)
 *   12      tail      host only (fetch_add)
 *   16      ring[256] host stores task ids, guest reads
 *
 * Indices are free-running u32 and masked with MBX_CAPACITY - 1 on access.
 */
#ifndef MBX_ABI_H
#define MBX_ABI_H

#include <assert.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

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
	_Atomic uint32_t waiter;
	_Atomic uint32_t flag;
	_Atomic uint32_t head;
	_Atomic uint32_t tail;
	_Atomic uint32_t ring[MBX_CAPACITY];
};

static_assert((MBX_CAPACITY & (MBX_CAPACITY - 1)) == 0, "capacity must be a power of two");
static_assert(sizeof(_Atomic uint32_t) == MBX_SLOT_SIZE, "guest words are u32");
static_assert(_Alignof(_Atomic uint32_t) == MBX_MAILBOX_ALIGN, "guest words are 4-aligned");
static_assert(ATOMIC_INT_LOCK_FREE == 2, "u32 atomics must be lock-free (futex words)");
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

#endif /* MBX_ABI_H */
