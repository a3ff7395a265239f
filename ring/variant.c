/* SPDX-License-Identifier: MIT */
/* The variant and wake-policy tables that tests, tools and benchmarks iterate. */
#include <string.h>

#include "table.h"
#include "variant_rows.h"
#include "wake.h"

static const struct mbx_variant *const variants[] = {
    &mbx__variant_seed,    &mbx__variant_seq_cst,   &mbx__variant_relaxed,
    &mbx__variant_release, &mbx__variant_sequenced,
#ifdef MBX_HAVE_URCU
    &mbx__variant_urcu,    &mbx__variant_wfcq,
#endif
};

#define MBX__WAKE_ROW(arg, wake_name, wake_kind, wake_purpose) \
	[MBX_WAKE_##wake_kind] = {                             \
	    .name = #wake_name, .kind = MBX_WAKE_##wake_kind, .purpose = wake_purpose},
static const struct mbx_wake wakes[] = {MBX__WAKES(MBX__WAKE_ROW, unused)};

static_assert(sizeof(wakes) / sizeof(wakes[0]) == MBX_WAKE_COUNT,
              "MBX__WAKES lists every enum mbx_wake_kind, in order");

MBX__DEFINE_ROW_TABLE(mbx_variant, variant, variants)

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
