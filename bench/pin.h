/* SPDX-License-Identifier: MIT */
/*
 * hwloc placement of benchmark threads. mbx_pin_place is pure: the same
 * topology, policy, index and count always give the same processing unit.
 * Producers are indices 0..count-1. In a run with a helper thread (guest,
 * consumer, grower: index == count) the helper always has a core no
 * producer uses, as long as there are two cores.
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

/* Producers only: the PU os index for thread index (0..count-1); -1 for none. */
int mbx_pin_place(hwloc_topology_t topology, enum mbx_pin_policy policy, int index, int count);
/*
 * With a helper (index == count): while count < cores as mbx_pin_place (the
 * helper takes the next core); otherwise the helper takes the policy's last
 * core and producers share the others (then their SMT siblings). -1 for none.
 */
int mbx_pin_place_helped(hwloc_topology_t topology, enum mbx_pin_policy policy, int index,
                         int count);

/* Binds the calling thread to PU os index pu (no-op for -1); 0 on success. */
int mbx_pin_bind_self(hwloc_topology_t topology, int pu);

#endif /* MBX_BENCH_PIN_H */
