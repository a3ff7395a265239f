/* SPDX-License-Identifier: MIT */
/* Private: the futex system call on a guest word. */
#ifndef MBX_RING_FUTEX_H
#define MBX_RING_FUTEX_H

#include <errno.h>
#include <linux/futex.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <mbx/status.h>

/* Wakes at most one waiter on word; shared (non-private) like the reference. */
static inline void mbx__futex_wake(_Atomic uint32_t *word, bool shared)
{
	syscall(SYS_futex, (uint32_t *)word, shared ? FUTEX_WAKE : FUTEX_WAKE_PRIVATE, 1, NULL,
	        NULL, 0);
}

/* Wakes every waiter on word. */
static inline void mbx__futex_wake_all(_Atomic uint32_t *word, bool shared)
{
	syscall(SYS_futex, (uint32_t *)word, shared ? FUTEX_WAKE : FUTEX_WAKE_PRIVATE, INT32_MAX,
	        NULL, NULL, 0);
}

/*
 * Sleeps while *word == expected, at most timeout_ns. MBX_OK when woken (or
 * the word had already changed, or a signal), MBX_E_TIMEOUT when it expired.
 */
static inline enum mbx_status mbx__futex_wait(_Atomic uint32_t *word, uint32_t expected,
                                              uint64_t timeout_ns, bool shared)
{
	struct timespec timeout = {
	    .tv_sec = (time_t)(timeout_ns / 1000000000u),
	    .tv_nsec = (long)(timeout_ns % 1000000000u),
	};
	long rc = syscall(SYS_futex, (uint32_t *)word, shared ? FUTEX_WAIT : FUTEX_WAIT_PRIVATE,
	                  expected, &timeout, NULL, 0);

	if (rc == 0 || errno == EAGAIN || errno == EINTR)
		return MBX_OK;
	return errno == ETIMEDOUT ? MBX_E_TIMEOUT : MBX_E_SYSTEM;
}

#endif /* MBX_RING_FUTEX_H */
