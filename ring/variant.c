/* SPDX-License-Identifier: MIT */
/* The variant and wake-policy tables that tests, tools and benchmarks iterate. */
#include <string.h>

#include "variant_rows.h"
#include "wake.h"

static const struct mbx_variant *const variants[] = {
    &mbx__variant_seed,    &mbx__variant_seq_cst,   &mbx__variant_relaxed,
    &mbx__variant_release, &mbx__variant_sequenced,
};

#define MBX__WAKE_ROW(arg, wake_name, wake_kind, wake_purpose) \
	[MBX_WAKE_##wake_kind] = {                             \
	    .name = #wake_name, .kind = MBX_WAKE_##wake_kind, .purpose = wake_purpose},
static const struct mbx_wake wakes[] = {MBX__WAKES(MBX__WAKE_ROW, unused)};

static_assert(sizeof(wakes) / sizeof(wakes[0]) == MBX_WAKE_COUNT,
              "MBX__WAKES lists every enum mbx_wake_kind, in order");

size_t mbx_variant_count(void)
{
	return sizeof(variants) / sizeof(variants[0]);
}

const struct mbx_variant *mbx_variant_at(size_t index)
{
	return index < mbx_variant_count() ? variants[index] : NULL;
}

const struct mbx_variant *mbx_variant_find(const char *name)
{
	for (size_t i = 0; name && i < mbx_variant_count(); i++)
		if (strcmp(variants[i]->name, name) == 0)
			return variants[i];
	return NULL;
}

size_t mbx_wake_count(void)
{
	return MBX_WAKE_COUNT;
}

const struct mbx_wake *mbx_wake_at(size_t index)
{
	return index < MBX_WAKE_COUNT ? &wakes[index] : NULL;
}

const struct mbx_wake *mbx_wake_find(const char *name)
{
	for (size_t i = 0; name && i < MBX_WAKE_COUNT; i++)
		if (strcmp(wakes[i].name, name) == 0)
			return &wakes[i];
	return NULL;
}
