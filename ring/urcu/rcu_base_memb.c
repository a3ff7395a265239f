/* SPDX-License-Identifier: MIT */
/* The RCU base (ring/urcu/rcu_base.h) on liburcu's memb flavour. */
#define _LGPL_SOURCE
#include <urcu/urcu-memb.h>

#define MBX__RCU_PREFIX urcu_memb_
#define MBX__RCU_ROW    mbx__base_rcu_memb
#define MBX__RCU_NAME   "rcu_memb"
#define MBX__RCU_PURPOSE                                                                           \
	"enqueue inside a liburcu-memb read-side section; growth holds producers off for a grace " \
	"period"
#include "rcu_base.h"
