/* SPDX-License-Identifier: MIT */
#ifndef MBX_STATUS_H
#define MBX_STATUS_H

#include <mbx/export.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Every fallible call returns one of these; on error nothing was changed. */
enum mbx_status {
	MBX_OK = 0,
	MBX_E_INVALID,       /* a null pointer or an argument outside its domain */
	MBX_E_MISALIGNED,    /* mailbox address (base + offset) not a multiple of 4 */
	MBX_E_OUT_OF_BOUNDS, /* mailbox region not wholly inside linear memory */
	MBX_E_TOO_SMALL,     /* linear memory smaller than one mailbox */
	MBX_E_BAD_TASK_ID,   /* task id 0 (reserved) or wider than 32 bits */
	MBX_E_CLOSED,        /* enqueue after close */
	MBX_E_FULL,          /* ring full: back-pressure, nothing was written */
	MBX_E_GROW_LIMIT,    /* growth past the maximum page count */
	MBX_E_NO_MEMORY,     /* the host could not map or allocate */
	MBX_E_UNKNOWN_NAME,  /* no variant, wake policy or guest by that name */
	MBX_E_TIMEOUT,       /* a bounded wait expired */
	MBX_E_SYSTEM,        /* a system call failed unexpectedly */
	MBX_E_BUSY,          /* would wait for the calling thread itself (it holds the base) */
};

/* A static, human-readable description; never NULL, also for unknown values. */
MBX_API const char *mbx_strerror(enum mbx_status status);

#ifdef __cplusplus
}
#endif

#endif /* MBX_STATUS_H */
