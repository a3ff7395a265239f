/* SPDX-License-Identifier: MIT */
#include <mbx/abi.h>
#include <mbx/status.h>

/* The size MBX_E_TOO_SMALL names: the layout this build was compiled with (mbx/abi.h). */
#ifdef MBX_ABI_V2
#define MBX__MAILBOX_BYTES_TEXT "1280 bytes, ABI v2"
static_assert(MBX_MAILBOX_BYTES == 1280u, "the text above names the ABI v2 size");
#else
#define MBX__MAILBOX_BYTES_TEXT "1040 bytes"
static_assert(MBX_MAILBOX_BYTES == 1040u, "the text above names the seed layout's size");
#endif

const char *mbx_strerror(enum mbx_status status)
{
	switch (status) {
	case MBX_OK:
		return "success";
	case MBX_E_INVALID:
		return "invalid argument (null pointer or value outside its domain)";
	case MBX_E_MISALIGNED:
		return "mailbox address (base + offset) is not aligned to 4 bytes";
	case MBX_E_OUT_OF_BOUNDS:
		return "mailbox region does not fit inside linear memory";
	case MBX_E_TOO_SMALL:
		return "linear memory is smaller than one mailbox (" MBX__MAILBOX_BYTES_TEXT ")";
	case MBX_E_BAD_TASK_ID:
		return "task id is 0 (reserved) or wider than 32 bits";
	case MBX_E_CLOSED:
		return "mailbox is closed";
	case MBX_E_FULL:
		return "ring is full (back-pressure; nothing was written)";
	case MBX_E_GROW_LIMIT:
		return "growth would exceed the maximum page count";
	case MBX_E_NO_MEMORY:
		return "out of memory (map or allocation failed)";
	case MBX_E_UNKNOWN_NAME:
		return "no variant, wake policy or guest has that name";
	case MBX_E_TIMEOUT:
		return "timed out";
	case MBX_E_SYSTEM:
		return "system call failed";
	case MBX_E_BUSY:
		return "the base is held (by the calling thread, or a move is in progress)";
	}
	return "unknown mbx status";
}
