/* SPDX-License-Identifier: MIT */
/*
 * The ordering variants of the reference protocol: one template, one row per
 * variant. Adding a variant is one line in MBX__OVERWRITING_VARIANTS
 * (ring/overwriting.h, where the litmus programs read it too).
 */
#include "overwriting.h"
#include "variant_rows.h"
#include "wake.h"

#define MBX__DEFINE_PUBLISH(v, tail, slot, flag, why)                                   \
	static inline enum mbx_status mbx__publish_##v(                                 \
	    struct mbx_mailbox *mailbox, struct mbx_abi_mailbox *box, uint32_t task_id) \
	{                                                                               \
		(void)mailbox;                                                          \
		MBX__OVERWRITING_PUBLISH(box, task_id, tail, slot, flag);               \
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
