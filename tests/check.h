/* SPDX-License-Identifier: MIT */
/* A tiny test harness: CHECK macros that count failures, one line per case. */
#ifndef MBX_TESTS_CHECK_H
#define MBX_TESTS_CHECK_H

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mbx/status.h>
#include <mbx/variant.h>

static int check_failures;
static long check_assertions; /* CHECKs evaluated: a case that evaluates none fails */

#define CHECK(condition)                                                                 \
	do {                                                                             \
		check_assertions++;                                                      \
		if (!(condition)) {                                                      \
			fprintf(stderr, "%s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, \
			        #condition);                                             \
			check_failures++;                                                \
		}                                                                        \
	} while (0)

#define CHECK_EQ(actual, expected)                                                                \
	do {                                                                                      \
		uint64_t check_a = (uint64_t)(actual), check_e = (uint64_t)(expected);            \
		check_assertions++;                                                               \
		if (check_a != check_e) {                                                         \
			fprintf(stderr, "%s:%d: %s == %" PRIu64 ", expected %s == %" PRIu64 "\n", \
			        __FILE__, __LINE__, #actual, check_a, #expected, check_e);        \
			check_failures++;                                                         \
		}                                                                                 \
	} while (0)

#define CHECK_STATUS(call, expected)                                                              \
	do {                                                                                      \
		enum mbx_status check_s = (call);                                                 \
		check_assertions++;                                                               \
		if (check_s != (expected)) {                                                      \
			fprintf(stderr, "%s:%d: %s returned \"%s\", expected \"%s\"\n", __FILE__, \
			        __LINE__, #call, mbx_strerror(check_s), mbx_strerror(expected));  \
			check_failures++;                                                         \
		}                                                                                 \
	} while (0)

/*
 * Cases and skips. main() starts with CHECK_MAIN(argc, argv); with one
 * argument only the case of that name runs (CTest registers one test per
 * case: mbx_add_test's CASES). A case that cannot run here calls CHECK_SKIP
 * with its reason and returns: it prints "skip NAME: reason", never "ok". When
 * every case that ran was skipped, CHECK_EXIT returns CHECK_SKIP_CODE, which
 * CTest reports as skipped (SKIP_RETURN_CODE); a failure still returns 1.
 * A case that evaluates no CHECK and does not skip fails: it showed nothing.
 * Rows left out of a case that runs others (check_skip_opaque_to_tsan) are
 * named on its "ok" line; if nothing else ran, the case is skipped.
 */
#define CHECK_SKIP_CODE 77

static const char *check_only;        /* run only this case; NULL: all */
static const char *check_skip_reason; /* set by CHECK_SKIP in the running case */
static char check_rows_skipped[256];  /* rows check_skip_opaque_to_tsan left out */
static int check_ran, check_skipped;

#define CHECK_MAIN(argc, argv) (check_only = (argc) > 1 ? (argv)[1] : NULL)

static inline void CHECK_SKIP(const char *reason)
{
	if (!check_skip_reason)
		check_skip_reason = reason;
}

static inline void check_case_end(const char *name, int failures_before, long assertions_before)
{
	bool asserted = check_assertions != assertions_before;

	check_ran++;
	if (!check_skip_reason && !asserted && check_rows_skipped[0])
		check_skip_reason = "every row it has is skipped under TSan (run under ASan)";
	if (check_failures == failures_before && !check_skip_reason && !asserted) {
		fprintf(stderr, "%s: no CHECK ran, and it did not skip\n", name);
		check_failures++;
	}
	if (check_failures != failures_before) {
		printf("FAIL %s\n", name);
	} else if (check_skip_reason) {
		check_skipped++;
		printf("skip %s: %s\n", name, check_skip_reason);
	} else if (check_rows_skipped[0]) {
		printf("ok   %s (skipped under TSan:%s)\n", name, check_rows_skipped);
	} else {
		printf("ok   %s\n", name);
	}
	fflush(stdout);
}

#define RUN_CASE(case_function)                                                      \
	do {                                                                         \
		int check_before = check_failures;                                   \
		long check_asserted_before = check_assertions;                       \
		if (check_only && strcmp(check_only, #case_function) != 0)           \
			break;                                                       \
		check_skip_reason = NULL;                                            \
		check_rows_skipped[0] = '\0';                                        \
		case_function();                                                     \
		check_case_end(#case_function, check_before, check_asserted_before); \
	} while (0)

static inline int check_exit(void)
{
	if (check_only && check_ran == 0) {
		fprintf(stderr, "no case named %s\n", check_only);
		return 1;
	}
	if (check_failures)
		return 1;
	return check_ran > 0 && check_skipped == check_ran ? CHECK_SKIP_CODE : 0;
}

#define CHECK_EXIT() check_exit()

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
 * Rows built on liburcu (the urcu and wfcq variants, the RCU bases) run in
 * cases of their own, skipped as a whole when they cannot run: built without
 * liburcu, or under ThreadSanitizer, which cannot see liburcu's inline
 * assembly (the asan configuration runs them). true: skipped (and said why).
 * Cases that do not need liburcu leave those rows out (variant->opaque_to_tsan).
 */
static inline bool check_skip_without_liburcu(void)
{
#if !defined(MBX_HAVE_URCU)
	CHECK_SKIP("built without liburcu (its rows are absent)");
	return true;
#elif defined(MBX_TSAN_BUILD)
	CHECK_SKIP("TSan cannot see liburcu's inline assembly (the asan configuration runs it)");
	return true;
#else
	return false;
#endif
}

/*
 * A row of a case that also runs other rows, left out under TSan when opaque
 * (built on liburcu's inline assembly); the case's line names it. Prefer a
 * case of its own with check_skip_without_liburcu. true: leave the row out.
 */
static inline bool check_skip_opaque_to_tsan(bool opaque, const char *what)
{
#if defined(MBX_TSAN_BUILD)
	size_t used = strlen(check_rows_skipped);

	if (opaque && used + strlen(what) + 2 < sizeof(check_rows_skipped))
		snprintf(check_rows_skipped + used, sizeof(check_rows_skipped) - used, " %s", what);
	return opaque;
#else
	(void)opaque;
	(void)what;
	return false;
#endif
}

#endif /* MBX_TESTS_CHECK_H */
