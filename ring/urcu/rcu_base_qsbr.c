/* SPDX-License-Identifier: MIT */
/* The RCU base (ring/urcu/rcu_base.h) on liburcu's qsbr flavour. */
#define _LGPL_SOURCE
#include <urcu/urcu-qsbr.h>

#define MBX__RCU_PREFIX urcu_qsbr_
#define MBX__RCU_ROW    mbx__base_rcu_qsbr
#define MBX__RCU_NAME   "rcu_qsbr"
#define MBX__RCU_PURPOSE \
	"the same on liburcu-qsbr: each enqueue goes online and offline (three mfences)"
#include "rcu_base.h"
