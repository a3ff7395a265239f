/* SPDX-License-Identifier: MIT */
/*
 * hwloc placement of benchmark threads. mbx_pin_place is pure: the same
 * topology, policy, index and count always give the same processing unit.
 * Producers are indices 0..count-1; index == count is the guest, which lands
 * on a core of its own whenever count < cores.
 */
#ifndef MBX_BENCH_PIN_H
#define MBX_BENCH_PIN_H

#include <hwloc.h>

enum mbx_pin_policy {
	MBX_PIN_NONE,    /* no binding */
	MBX_PIN_COMPACT, /* fill the cores of one cache domain first, SMT siblings last */
	MBX_PIN_SCATTER, /* spread over packages, then L3 domains, SMT siblings last */
};

/* "none", "compact", "scatter"; -1 when unknown. */
int mbx_pin_policy_parse(const char *name);
const char *mbx_pin_policy_name(enum mbx_pin_policy policy);

/* The PU os index for thread index (0..count, count = the guest); -1 for none. */
int mbx_pin_place(hwloc_topology_t topology, enum mbx_pin_policy policy, int index, int count);

/* Binds the calling thread to PU os index pu (no-op for -1); 0 on success. */
int mbx_pin_bind_self(hwloc_topology_t topology, int pu);

#endif /* MBX_BENCH_PIN_H */
