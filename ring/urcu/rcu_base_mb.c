/* SPDX-License-Identifier: MIT */
/* The RCU base (ring/urcu/rcu_base.h) on liburcu's mb flavour. */
#define _LGPL_SOURCE
#include <urcu/urcu-mb.h>

#define MBX__RCU_PREFIX  urcu_mb_
#define MBX__RCU_ROW     mbx__base_rcu_mb
#define MBX__RCU_NAME    "rcu_mb"
#define MBX__RCU_PURPOSE "the same on liburcu-mb: an mfence in read_lock, two in read_unlock"
#include "rcu_base.h"
