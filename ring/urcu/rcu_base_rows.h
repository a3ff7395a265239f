/* SPDX-License-Identifier: MIT */
/* Private: the RCU base rows (ring/urcu/rcu_base.h, one file per flavour). */
#ifndef MBX_RING_URCU_RCU_BASE_ROWS_H
#define MBX_RING_URCU_RCU_BASE_ROWS_H

#include <mbx/base.h>

extern const struct mbx_base mbx__base_rcu_memb;
extern const struct mbx_base mbx__base_rcu_mb;
extern const struct mbx_base mbx__base_rcu_qsbr;

#endif /* MBX_RING_URCU_RCU_BASE_ROWS_H */
