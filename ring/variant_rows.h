/* SPDX-License-Identifier: MIT */
/* Private: every variant row the table lists; each is defined beside its protocol. */
#ifndef MBX_RING_VARIANT_ROWS_H
#define MBX_RING_VARIANT_ROWS_H

#include <mbx/variant.h>

extern const struct mbx_variant mbx__variant_seed;
extern const struct mbx_variant mbx__variant_seq_cst;
extern const struct mbx_variant mbx__variant_relaxed;
extern const struct mbx_variant mbx__variant_release;
extern const struct mbx_variant mbx__variant_sequenced;
extern const struct mbx_variant mbx__variant_announced;
#ifdef MBX_HAVE_URCU
extern const struct mbx_variant mbx__variant_urcu; /* ring/urcu/urcu_variant.c */
extern const struct mbx_variant mbx__variant_wfcq; /* ring/urcu/wfcq.c */
#endif

#endif /* MBX_RING_VARIANT_ROWS_H */
