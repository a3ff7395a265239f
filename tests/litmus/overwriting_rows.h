/* SPDX-License-Identifier: MIT */
/*
 * litmus_publish_<row>(box, id): the publish step of each row of
 * MBX__OVERWRITING_VARIANTS (ring/overwriting.h), with the row's orders;
 * LITMUS_PUBLISH(row) names one, e.g. LITMUS_PUBLISH(VARIANT) with -DVARIANT=seed.
 */
#ifndef MBX_LITMUS_OVERWRITING_ROWS_H
#define MBX_LITMUS_OVERWRITING_ROWS_H

#include "overwriting.h"

#define LITMUS_PUBLISH_ROW(v, tail, slot, flag, why)                                         \
	static inline void litmus_publish_##v(struct mbx_abi_mailbox *box, uint32_t task_id) \
	{                                                                                    \
		MBX__OVERWRITING_PUBLISH(box, task_id, tail, slot, flag);                    \
	}
MBX__OVERWRITING_VARIANTS(LITMUS_PUBLISH_ROW)
#define LITMUS_PUBLISH_NAMED(v) litmus_publish_##v
#define LITMUS_PUBLISH(v)       LITMUS_PUBLISH_NAMED(v)

#endif /* MBX_LITMUS_OVERWRITING_ROWS_H */
