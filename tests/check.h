/* SPDX-License-Identifier: MIT */
/* A tiny test harness: CHECK macros that count failures, one line per case. */
#ifndef MBX_TESTS_CHECK_H
#define MBX_TESTS_CHECK_H

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include <mbx/status.h>
#include <mbx/variant.h>

static int check_failures;

#define CHECK(condition)                                                                 \
	do {                                                                             \
		if (!(condition)) {                                                      \
			fprintf(stderr, "%s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, \
			        #condition);                                             \
			check_failures++;                                                \
		}                                                                        \
	} while (0)

#define CHECK_EQ(actual, expected)                                                                \
	do {                                                                                      \
		uint64_t check_a = (uint64_t)(actual), check_e = (uint64_t)(expected);            \
		if (check_a != check_e) {                                                         \
			fprintf(stderr, "%s:%d: %s == %" PRIu64 ", expected %s == %" PRIu64 "\n", \
			        __FILE__, __LINE__, #actual, check_a, #expected, check_e);        \
			check_failures++;                                                         \
		}                                                                                 \
	} while (0)

#define CHECK_STATUS(call, expected)                                                              \
	do {                                                                                      \
		enum mbx_status check_s = (call);                                                 \
		if (check_s != (expected)) {                                                      \
			fprintf(stderr, "%s:%d: %s returned \"%s\", expected \"%s\"\n", __FILE__, \
			        __LINE__, #call, mbx_strerror(check_s), mbx_strerror(expected));  \
			check_failures++;                                                         \
		}                                                                                 \
	} while (0)

#define RUN_CASE(case_function)                                                     \
	do {                                                                        \
		int check_before = check_failures;                                  \
		case_function();                                                    \
		printf("%s %s\n", check_failures == check_before ? "ok  " : "FAIL", \
		       #case_function);                                             \
		fflush(stdout);                                                     \
	} while (0)

#define CHECK_EXIT() (check_failures ? 1 : 0)

/* A stress test's size: MBX_STRESS_IDS overrides it; sanitizer builds run the smaller one. */
static inline uint32_t check_stress_ids(uint32_t plain, uint32_t sanitized)
{
	const char *ids = getenv("MBX_STRESS_IDS");

	(void)plain;
	(void)sanitized;
	if (ids)
		return (uint32_t)strtoul(ids, NULL, 10);
#if defined(MBX_SANITIZER_BUILD)
	return sanitized;
#else
	return plain;
#endif
}

/*
 * ThreadSanitizer cannot see liburcu's inline assembly (the urcu and wfcq
 * rows, the RCU bases): under TSan such a case is skipped, and says so; the
 * asan configuration runs it. true: skip.
 */
static inline bool check_skip_opaque_to_tsan(bool opaque, const char *what)
{
#if defined(MBX_TSAN_BUILD)
	if (opaque)
		printf("  %-13s skipped under TSan: liburcu's inline assembly is invisible to it "
		       "(run under ASan)\n",
		       what);
	return opaque;
#else
	(void)opaque;
	(void)what;
	return false;
#endif
}

#endif /* MBX_TESTS_CHECK_H */
