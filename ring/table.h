/* SPDX-License-Identifier: MIT */
/*
 * Private: the count / at / find functions of a table of rows (variants,
 * base policies), each row a struct with a `name`, the table an array of
 * pointers to rows. MBX__DEFINE_ROW_TABLE(row_type, prefix, rows) defines
 * mbx_<prefix>_count, mbx_<prefix>_at (NULL past the end) and
 * mbx_<prefix>_find (NULL for an unknown or NULL name).
 */
#ifndef MBX_RING_TABLE_H
#define MBX_RING_TABLE_H

#include <stddef.h>
#include <string.h>

#define MBX__DEFINE_ROW_TABLE(row_type, prefix, rows)                       \
	size_t mbx_##prefix##_count(void)                                   \
	{                                                                   \
		return sizeof(rows) / sizeof(rows[0]);                      \
	}                                                                   \
	const struct row_type *mbx_##prefix##_at(size_t index)              \
	{                                                                   \
		return index < mbx_##prefix##_count() ? rows[index] : NULL; \
	}                                                                   \
	const struct row_type *mbx_##prefix##_find(const char *name)        \
	{                                                                   \
		for (size_t i = 0; name && i < mbx_##prefix##_count(); i++) \
			if (strcmp(rows[i]->name, name) == 0)               \
				return rows[i];                             \
		return NULL;                                                \
	}

#endif /* MBX_RING_TABLE_H */
