/* SPDX-License-Identifier: MIT */
/* Placement on synthetic topologies much larger than the test machine. */
#include <stdio.h>
#include <stdlib.h>

#include "pin.h"

static int failures;
#define EXPECT_EQ(a, b)                                                                         \
	do {                                                                                    \
		long a_ = (long)(a), b_ = (long)(b);                                            \
		if (a_ != b_) {                                                                 \
			fprintf(stderr, "%s:%d: %s == %ld, expected %ld\n", __FILE__, __LINE__, \
			        #a, a_, b_);                                                    \
			failures++;                                                             \
		}                                                                               \
	} while (0)

static hwloc_topology_t synthetic(const char *desc)
{
	hwloc_topology_t t;
	if (hwloc_topology_init(&t) || hwloc_topology_set_synthetic(t, desc) ||
	    hwloc_topology_load(t)) {
		fprintf(stderr, "cannot load synthetic topology %s\n", desc);
		exit(1);
	}
	return t;
}

int main(void)
{
	/* 2 packages x 2 L3 x 4 cores x 2 PUs: 16 cores, 32 PUs, PU os index = logical */
	hwloc_topology_t t = synthetic("pack:2 l3:2 core:4 pu:2");
	EXPECT_EQ(mbx_pin_place(t, MBX_PIN_NONE, 0, 4), -1);
	/* compact: cores in order, first PU of each; SMT siblings after all 16 cores */
	EXPECT_EQ(mbx_pin_place(t, MBX_PIN_COMPACT, 0, 4), 0);
	EXPECT_EQ(mbx_pin_place(t, MBX_PIN_COMPACT, 1, 4), 2);
	EXPECT_EQ(mbx_pin_place(t, MBX_PIN_COMPACT, 3, 4), 6);
	EXPECT_EQ(mbx_pin_place(t, MBX_PIN_COMPACT, 4, 4), 8); /* the guest: its own core */
	EXPECT_EQ(mbx_pin_place(t, MBX_PIN_COMPACT, 16, 32), 1);
	/* scatter: package 0, package 1, then the other L3 of each */
	EXPECT_EQ(mbx_pin_place(t, MBX_PIN_SCATTER, 0, 4), 0);
	EXPECT_EQ(mbx_pin_place(t, MBX_PIN_SCATTER, 1, 4), 16);
	EXPECT_EQ(mbx_pin_place(t, MBX_PIN_SCATTER, 2, 4), 8);
	EXPECT_EQ(mbx_pin_place(t, MBX_PIN_SCATTER, 3, 4), 24);
	EXPECT_EQ(mbx_pin_place(t, MBX_PIN_SCATTER, 4, 4), 2);
	/* with a helper: while count < cores, the next core; else the last core, alone */
	EXPECT_EQ(mbx_pin_place_helped(t, MBX_PIN_COMPACT, 4, 4), 8);
	EXPECT_EQ(mbx_pin_place_helped(t, MBX_PIN_COMPACT, 16, 16), 30);
	EXPECT_EQ(mbx_pin_place_helped(t, MBX_PIN_COMPACT, 14, 16), 28);
	EXPECT_EQ(mbx_pin_place_helped(t, MBX_PIN_COMPACT, 15, 16), 1); /* SMT sibling of core 0 */
	for (int count = 16; count <= 40; count++)
		for (int i = 0; i < count; i++)
			if (mbx_pin_place_helped(t, MBX_PIN_COMPACT, i, count) / 2 == 15)
				failures++; /* a producer on the helper's core */
	/* 2 cores, 1 PU each (this machine's shape): helper on core 1, producers on core 0 */
	hwloc_topology_t two = synthetic("core:2 pu:1");
	EXPECT_EQ(mbx_pin_place_helped(two, MBX_PIN_COMPACT, 1, 1), 1);
	EXPECT_EQ(mbx_pin_place_helped(two, MBX_PIN_COMPACT, 2, 2), 1);
	EXPECT_EQ(mbx_pin_place_helped(two, MBX_PIN_COMPACT, 0, 2), 0);
	EXPECT_EQ(mbx_pin_place_helped(two, MBX_PIN_COMPACT, 1, 2), 0);
	EXPECT_EQ(mbx_pin_place_helped(two, MBX_PIN_COMPACT, 3, 4), 0);
	hwloc_topology_destroy(two);
	/* distinct PUs for 32 threads under both policies */
	for (int p = MBX_PIN_COMPACT; p <= MBX_PIN_SCATTER; p++) {
		int seen[32] = {0};
		for (int i = 0; i < 32; i++) {
			int pu = mbx_pin_place(t, (enum mbx_pin_policy)p, i, 32);
			if (pu < 0 || pu >= 32 || seen[pu]++)
				failures++;
		}
	}
	hwloc_topology_destroy(t);
	if (failures)
		fprintf(stderr, "pin_test: %d failures\n", failures);
	return failures != 0;
}
