/* SPDX-License-Identifier: MIT */
/*
 * Private: the count / at / find functions of a table of rows (variants,
 * base policies), each row a struct with a `name`, the table an array of
 * pointers to rows. MBX__DEFINE_ROW_TABLE(row_type, prefix, rows, unknown)
 * defines mbx_<prefix>_count, mbx_<prefix>_at (NULL past the end),
 * mbx_<prefix>_find (MBX_E_UNKNOWN_NAME and *out = &unknown, the poison row,
 * for an unknown or NULL name; MBX_E_INVALID for a NULL out) and
 * mbx__<prefix>_row (the row at that address, NULL when it is none: the only
 * way a handle from outside is read).
 */
#ifndef MBX_RING_TABLE_H
#define MBX_RING_TABLE_H

#include <stddef.h>
#include <string.h>

#include <mbx/status.h>

#define MBX__DEFINE_ROW_TABLE(row_type, prefix, rows, unknown)                             \
	size_t mbx_##prefix##_count(void)                                                  \
	{                                                                                  \
		return sizeof(rows) / sizeof(rows[0]);                                     \
	}                                                                                  \
	const struct row_type *mbx_##prefix##_at(size_t index)                             \
	{                                                                                  \
		return index < mbx_##prefix##_count() ? rows[index] : NULL;                \
	}                                                                                  \
	enum mbx_status mbx_##prefix##_find(const char *name, const struct row_type **out) \
	{                                                                                  \
		if (!out)                                                                  \
			return MBX_E_INVALID;                                              \
		for (size_t i = 0; name && i < mbx_##prefix##_count(); i++) {              \
			if (strcmp(rows[i]->name, name) == 0) {                            \
				*out = rows[i];                                            \
				return MBX_OK;                                             \
			}                                                                  \
		}                                                                          \
		*out = &unknown;                                                           \
		return MBX_E_UNKNOWN_NAME;                                                 \
	}                                                                                  \
	const struct row_type *mbx__##prefix##_row(const struct row_type *row)             \
	{                                                                                  \
		for (size_t i = 0; row && i < mbx_##prefix##_count(); i++)                 \
			if (rows[i] == row)                                                \
				return row;                                                \
		return NULL;                                                               \
	}

#endif /* MBX_RING_TABLE_H */
