/* SPDX-License-Identifier: MIT */
/*
 * The ordering variants of the reference protocol: one template, one row per
 * variant. Adding a variant is one line in MBX__OVERWRITING_VARIANTS
 * (ring/overwriting.h) and its pointer in ring/variant.c's table (with its
 * extern in ring/variant_rows.h); scripts/enqueues.py --write then lists its
 * functions in <mbx/wake/enqueues.h>, whose MBX__ENQUEUE_ROW_<v> the row's
 * enqueue[] is.
 */
#include "overwriting.h"
#include "variant_rows.h"
#include "wake.h"

#define MBX__DEFINE_OVERWRITING_ROW(v, tail, slot, flag, why) \
	const struct mbx_variant mbx__variant_##v = {         \
	    .name = #v,                                       \
	    .tail_order = #tail,                              \
	    .slot_order = #slot,                              \
	    .flag_order = #flag,                              \
	    .purpose = why,                                   \
	    .overwrites = true,                               \
	    .opaque_to_tsan = false,                          \
	    .structure = NULL,                                \
	    .enqueue = MBX__ENQUEUE_ROW_##v,                  \
	};

MBX__OVERWRITING_VARIANTS(MBX__DEFINE_OVERWRITING_ROW)
