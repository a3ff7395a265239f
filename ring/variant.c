/* SPDX-License-Identifier: MIT */
/* The variant and wake-policy tables that tests, tools and benchmarks iterate. */
#include <string.h>

#include "table.h"
#include "variant_rows.h"
#include "wake.h"

static const struct mbx_variant *const variants[] = {
    &mbx__variant_seed,    &mbx__variant_seq_cst,   &mbx__variant_relaxed,
    &mbx__variant_release, &mbx__variant_sequenced, &mbx__variant_announced,
#ifdef MBX_HAVE_URCU
    &mbx__variant_urcu,    &mbx__variant_wfcq,
#endif
};

/* Never in the table: attach refuses it (MBX_E_UNKNOWN_NAME), the accessors see no row. */
const struct mbx_variant mbx__variant_unknown = {.name = "(unknown variant)"};

MBX__DEFINE_ROW_TABLE(mbx_variant, variant, variants, mbx__variant_unknown)

#define MBX__VARIANT_FIELD(type, field, none)                              \
	type mbx_variant_##field(const struct mbx_variant *variant)        \
	{                                                                  \
		const struct mbx_variant *row = mbx__variant_row(variant); \
		return row ? row->field : none;                            \
	}
MBX__VARIANT_FIELD(const char *, name, NULL)
MBX__VARIANT_FIELD(const char *, purpose, NULL)
MBX__VARIANT_FIELD(const char *, tail_order, NULL)
MBX__VARIANT_FIELD(const char *, slot_order, NULL)
MBX__VARIANT_FIELD(const char *, flag_order, NULL)
MBX__VARIANT_FIELD(bool, overwrites, false)
MBX__VARIANT_FIELD(bool, opaque_to_tsan, false)

bool mbx_variant_announced_sleep(const struct mbx_variant *variant)
{
	const struct mbx_variant *row = mbx__variant_row(variant);

	return row && row == &mbx__variant_announced;
}

bool mbx_variant_host_structure(const struct mbx_variant *variant)
{
	const struct mbx_variant *row = mbx__variant_row(variant);

	return row && row->structure;
}

struct mbx__wake_row {
	const char *name;
	const char *purpose;
};

#define MBX__WAKE_ROW(arg, wake_name, wake_kind, wake_purpose) \
	[MBX_WAKE_##wake_kind] = {.name = #wake_name, .purpose = wake_purpose},
static const struct mbx__wake_row wakes[] = {MBX__WAKES(MBX__WAKE_ROW, unused)};

static_assert(sizeof(wakes) / sizeof(wakes[0]) == MBX_WAKE_COUNT,
              "MBX__WAKES (<mbx/wake/enqueues.h>) lists every enum mbx_wake_kind, in order");

size_t mbx_wake_count(void)
{
	return MBX_WAKE_COUNT;
}

const char *mbx_wake_name(enum mbx_wake_kind kind)
{
	return (unsigned)kind < MBX_WAKE_COUNT ? wakes[kind].name : "unknown";
}

const char *mbx_wake_purpose(enum mbx_wake_kind kind)
{
	return (unsigned)kind < MBX_WAKE_COUNT ? wakes[kind].purpose : "";
}

enum mbx_status mbx_wake_find(const char *name, enum mbx_wake_kind *out)
{
	if (!out)
		return MBX_E_INVALID;
	for (unsigned i = 0; name && i < MBX_WAKE_COUNT; i++) {
		if (strcmp(wakes[i].name, name) == 0) {
			*out = (enum mbx_wake_kind)i;
			return MBX_OK;
		}
	}
	*out = MBX_WAKE_COUNT;
	return MBX_E_UNKNOWN_NAME;
}
