/* SPDX-License-Identifier: MIT */
/*
 * The ordering variants of the reference protocol: one template, one row per
 * variant. Adding a variant is one line in MBX__OVERWRITING_VARIANTS.
 */
#include "overwriting.h"
#include "variant_rows.h"
#include "wake.h"

/* X(name, tail order, slot order, flag order, purpose) */
#define MBX__OVERWRITING_VARIANTS(X)                                   \
	X(seed, acq_rel, relaxed, release, "the reference, as is")     \
	X(seq_cst, seq_cst, seq_cst, seq_cst, "conservative baseline") \
	X(relaxed, relaxed, relaxed, relaxed, "deliberately too weak") \
	X(release, relaxed, release, release, "minimal orders the guest can pair with")

#define MBX__DEFINE_PUBLISH(v, tail, slot, flag, why)                                   \
	static inline enum mbx_status mbx__publish_##v(                                 \
	    struct mbx_mailbox *mailbox, struct mbx_abi_mailbox *box, uint32_t task_id) \
	{                                                                               \
		(void)mailbox;                                                          \
		uint32_t position = MBX__OVERWRITING_CLAIM(box, memory_order_##tail);   \
		MBX__OVERWRITING_STORE(box, position, task_id, memory_order_##slot);    \
		MBX__OVERWRITING_RAISE(box, memory_order_##flag);                       \
		return MBX_OK;                                                          \
	}                                                                               \
	MBX__DEFINE_ENQUEUES(v, c11)                                                    \
	const struct mbx_variant mbx__variant_##v = {                                   \
	    .name = #v,                                                                 \
	    .tail_order = #tail,                                                        \
	    .slot_order = #slot,                                                        \
	    .flag_order = #flag,                                                        \
	    .purpose = why,                                                             \
	    .overwrites = true,                                                         \
	    .opaque_to_tsan = false,                                                    \
	    .structure = NULL,                                                          \
	    .enqueue = MBX__ENQUEUE_ROW(v),                                             \
	};

MBX__OVERWRITING_VARIANTS(MBX__DEFINE_PUBLISH)
