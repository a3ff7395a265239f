/* SPDX-License-Identifier: MIT */
/* hwloc placement: see pin.h. No atomics here. */
#include "pin.h"

#include <string.h>

int mbx_pin_policy_parse(const char *name)
{
	if (strcmp(name, "none") == 0)
		return MBX_PIN_NONE;
	if (strcmp(name, "compact") == 0)
		return MBX_PIN_COMPACT;
	if (strcmp(name, "scatter") == 0)
		return MBX_PIN_SCATTER;
	return -1;
}

const char *mbx_pin_policy_name(enum mbx_pin_policy policy)
{
	switch (policy) {
	case MBX_PIN_COMPACT:
		return "compact";
	case MBX_PIN_SCATTER:
		return "scatter";
	default:
		return "none";
	}
}

/* Rank of obj among the objects of its type inside its ancestor of type t. */
static unsigned rank_within(hwloc_topology_t topo, hwloc_obj_t obj, hwloc_obj_type_t t)
{
	hwloc_obj_t anc = hwloc_get_ancestor_obj_by_type(topo, t, obj);
	if (!anc)
		return obj->logical_index;
	hwloc_obj_t first =
	    hwloc_get_next_obj_inside_cpuset_by_type(topo, anc->cpuset, obj->type, NULL);
	return first ? obj->logical_index - first->logical_index : obj->logical_index;
}

static unsigned index_of(hwloc_topology_t topo, hwloc_obj_t obj, hwloc_obj_type_t t)
{
	hwloc_obj_t anc = hwloc_get_ancestor_obj_by_type(topo, t, obj);
	return anc ? rank_within(topo, anc, HWLOC_OBJ_PACKAGE) : 0;
}

/* The core at position slot in the policy's order (slot < number of cores). */
static hwloc_obj_t core_at(hwloc_topology_t topo, enum mbx_pin_policy policy, int slot, int cores)
{
	if (policy == MBX_PIN_COMPACT)
		return hwloc_get_obj_by_type(topo, HWLOC_OBJ_CORE, (unsigned)slot);
	/* scatter: order cores by (rank in L3, L3 rank in package, package), i.e. the
	 * slot-th smallest key; O(cores^2) but cores is small and this runs once. */
	for (int i = 0; i < cores; i++) {
		hwloc_obj_t c = hwloc_get_obj_by_type(topo, HWLOC_OBJ_CORE, (unsigned)i);
		hwloc_obj_t pkg = hwloc_get_ancestor_obj_by_type(topo, HWLOC_OBJ_PACKAGE, c);
		unsigned long key = ((unsigned long)rank_within(topo, c, HWLOC_OBJ_L3CACHE) << 32) |
		                    ((unsigned long)index_of(topo, c, HWLOC_OBJ_L3CACHE) << 16) |
		                    (pkg ? pkg->logical_index : 0);
		/* count cores with a smaller key: that is this core's position */
		int pos = 0;
		for (int j = 0; j < cores; j++) {
			hwloc_obj_t d = hwloc_get_obj_by_type(topo, HWLOC_OBJ_CORE, (unsigned)j);
			hwloc_obj_t dp = hwloc_get_ancestor_obj_by_type(topo, HWLOC_OBJ_PACKAGE, d);
			unsigned long k =
			    ((unsigned long)rank_within(topo, d, HWLOC_OBJ_L3CACHE) << 32) |
			    ((unsigned long)index_of(topo, d, HWLOC_OBJ_L3CACHE) << 16) |
			    (dp ? dp->logical_index : 0);
			if (k < key || (k == key && j < i))
				pos++;
		}
		if (pos == slot)
			return c;
	}
	return NULL;
}

/* The PU of round `round` (SMT sibling number) of the core at `slot` in the policy's order. */
static int place_slot(hwloc_topology_t topo, enum mbx_pin_policy policy, int slot, int round,
                      int cores)
{
	hwloc_obj_t core = core_at(topo, policy, slot, cores);
	if (!core)
		return -1;
	int pus = hwloc_get_nbobjs_inside_cpuset_by_type(topo, core->cpuset, HWLOC_OBJ_PU);
	hwloc_obj_t pu = hwloc_get_obj_inside_cpuset_by_type(
	    topo, core->cpuset, HWLOC_OBJ_PU, (unsigned)(round % (pus > 0 ? pus : 1)));
	return pu ? (int)pu->os_index : -1;
}

static int core_count(hwloc_topology_t topo, enum mbx_pin_policy policy, int index)
{
	if (policy == MBX_PIN_NONE || index < 0)
		return -1;
	return hwloc_get_nbobjs_by_type(topo, HWLOC_OBJ_CORE);
}

int mbx_pin_place(hwloc_topology_t topo, enum mbx_pin_policy policy, int index, int count)
{
	int cores = core_count(topo, policy, index);

	(void)count; /* producers only: index i takes the i-th core, then SMT siblings */
	if (cores <= 0)
		return -1;
	return place_slot(topo, policy, index % cores, index / cores, cores);
}

int mbx_pin_place_helped(hwloc_topology_t topo, enum mbx_pin_policy policy, int index, int count)
{
	int cores = core_count(topo, policy, index);

	if (cores <= 0)
		return -1;
	if (count < cores || cores == 1) /* room for everyone: the helper takes the next core */
		return mbx_pin_place(topo, policy, index, count);
	if (index == count) /* the helper: the policy's last core, which no producer takes */
		return place_slot(topo, policy, cores - 1, 0, cores);
	return place_slot(topo, policy, index % (cores - 1), index / (cores - 1), cores);
}

int mbx_pin_bind_self(hwloc_topology_t topo, int pu)
{
	if (pu < 0)
		return 0;
	hwloc_bitmap_t set = hwloc_bitmap_alloc();
	if (!set)
		return -1;
	hwloc_bitmap_only(set, (unsigned)pu);
	int rc = hwloc_set_cpubind(topo, set, HWLOC_CPUBIND_THREAD);
	hwloc_bitmap_free(set);
	return rc;
}
