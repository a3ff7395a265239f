/* SPDX-License-Identifier: MIT */
/* The hook of the fault points (ring/fault.h): only in the mbx_fault instance. */
#include "fault.h"

#ifdef MBX_FAULT_INJECTION
_Atomic(mbx__fault_hook_fn) mbx__fault_hook;
#endif
