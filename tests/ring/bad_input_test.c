/* SPDX-License-Identifier: MIT */
/*
 * Every public function with NULL and invalid arguments (issue 12, item 3):
 * each answers its documented status (or, for an accessor, its documented
 * value), never crashes (the asan configuration runs this under ASan and
 * UBSan), and changes nothing: the guest memory, canaries around it and every
 * out-parameter are compared with a snapshot after each error.
 */
#include <stdalign.h>
#include <stdint.h>
#include <string.h>

#include <mbx/guest.h>
#include <mbx/mailbox.h>
#include <mbx/memory.h>
#include <mbx/tally.h>

#include "check.h"

#define ARENA_BYTES (3u * 4096u)
#define MEMORY_AT   4096u /* the linear memory [arena + 4096, arena + 8192), canaries around */
#define MEMORY_SIZE 4096u
#define PATTERN     0xa5u

static alignas(4096) unsigned char arena[ARENA_BYTES];
static unsigned char snapshot[ARENA_BYTES];

static void *memory_base(void)
{
	return arena + MEMORY_AT;
}

/* The arena, guest memory and canaries, as a snapshot to compare with. */
static void take_snapshot(void)
{
	memcpy(snapshot, arena, sizeof arena);
}

#define CHECK_UNCHANGED() CHECK(memcmp(snapshot, arena, sizeof arena) == 0)

static void reset_arena(void)
{
	memset(arena, PATTERN, sizeof arena);
	memset(memory_base(), 0, MEMORY_SIZE);
	take_snapshot();
}

static struct mbx_mailbox *attach_ok(const struct mbx_options *options)
{
	struct mbx_mailbox *mailbox = NULL;

	CHECK_STATUS(mbx_mailbox_attach(&mailbox, memory_base(), MEMORY_SIZE, 0, options), MBX_OK);
	return mailbox;
}

static void ignore_id(void *context, uint32_t task_id, bool overflowed)
{
	(void)context;
	(void)task_id;
	(void)overflowed;
}

static void statuses_have_text_for_any_value(void)
{
	CHECK(mbx_strerror(MBX_E_BUSY) != NULL);
	CHECK(strcmp(mbx_strerror((enum mbx_status) - 1), "unknown mbx status") == 0);
	CHECK(strcmp(mbx_strerror((enum mbx_status)12345), "unknown mbx status") == 0);
}

static void variant_lookups_fail_loudly(void)
{
	const struct mbx_variant *variant = NULL, *poison = NULL;
	const struct mbx_variant *garbage = (const struct mbx_variant *)(void *)arena;

	CHECK(mbx_variant_at(mbx_variant_count()) == NULL);
	CHECK(mbx_variant_at(SIZE_MAX) == NULL);
	CHECK_STATUS(mbx_variant_find("seed", NULL), MBX_E_INVALID);
	CHECK_STATUS(mbx_variant_find("sequencd", &poison), MBX_E_UNKNOWN_NAME);
	CHECK(poison != NULL); /* never NULL: attach must not read it as "unset" */
	CHECK_STATUS(mbx_variant_find("", &variant), MBX_E_UNKNOWN_NAME);
	CHECK_STATUS(mbx_variant_find(NULL, &variant), MBX_E_UNKNOWN_NAME);
	CHECK(variant == poison);
	/* Accessors of anything that is not a row: NULL / false. */
	const struct mbx_variant *not_rows[] = {NULL, poison, garbage};
	for (size_t i = 0; i < sizeof not_rows / sizeof not_rows[0]; i++) {
		CHECK(mbx_variant_name(not_rows[i]) == NULL);
		CHECK(mbx_variant_purpose(not_rows[i]) == NULL);
		CHECK(mbx_variant_tail_order(not_rows[i]) == NULL);
		CHECK(mbx_variant_slot_order(not_rows[i]) == NULL);
		CHECK(mbx_variant_flag_order(not_rows[i]) == NULL);
		CHECK(!mbx_variant_overwrites(not_rows[i]));
		CHECK(!mbx_variant_opaque_to_tsan(not_rows[i]));
		CHECK(!mbx_variant_host_structure(not_rows[i]));
	}
	for (size_t i = 0; i < mbx_variant_count(); i++) {
		CHECK(mbx_variant_name(mbx_variant_at(i)) != NULL);
		CHECK(mbx_variant_purpose(mbx_variant_at(i)) != NULL);
	}
}

static void wake_lookups_fail_loudly(void)
{
	enum mbx_wake_kind wake = MBX_WAKE_SPIN;

	CHECK_STATUS(mbx_wake_find("futex", NULL), MBX_E_INVALID);
	CHECK_STATUS(mbx_wake_find("waiter-aware", &wake), MBX_E_UNKNOWN_NAME);
	CHECK_EQ(wake, MBX_WAKE_COUNT); /* attach refuses it: never the futex default */
	CHECK_STATUS(mbx_wake_find(NULL, &wake), MBX_E_UNKNOWN_NAME);
	CHECK(strcmp(mbx_wake_name(MBX_WAKE_COUNT), "unknown") == 0);
	CHECK(strcmp(mbx_wake_name((enum mbx_wake_kind) - 1), "unknown") == 0);
	CHECK(strcmp(mbx_wake_purpose(MBX_WAKE_COUNT), "") == 0);
}

static void base_lookups_fail_loudly(void)
{
	const struct mbx_base *base = NULL, *poison = NULL;

	CHECK(mbx_base_at(mbx_base_count()) == NULL);
	CHECK_STATUS(mbx_base_find("atomic", NULL), MBX_E_INVALID);
	CHECK_STATUS(mbx_base_find("rcu-memb", &poison), MBX_E_UNKNOWN_NAME);
	CHECK(poison != NULL);
	CHECK_STATUS(mbx_base_find(NULL, &base), MBX_E_UNKNOWN_NAME);
	CHECK(mbx_base_name(NULL) == NULL && mbx_base_name(poison) == NULL);
	CHECK(mbx_base_purpose(NULL) == NULL && mbx_base_purpose(poison) == NULL);
	CHECK(!mbx_base_is_rcu(NULL) && !mbx_base_is_rcu(poison));
	CHECK(mbx_base_name((const struct mbx_base *)(void *)arena) == NULL);
	CHECK_STATUS(mbx_base_find("atomic", &base), MBX_OK);
	CHECK(!mbx_base_is_rcu(base));
#ifdef MBX_HAVE_URCU
	CHECK_STATUS(mbx_base_find("rcu_memb", &base), MBX_OK);
	CHECK(mbx_base_is_rcu(base));
#else
	/* A policy this build left out is an unknown name, not the default. */
	CHECK_STATUS(mbx_base_find("rcu_memb", &base), MBX_E_UNKNOWN_NAME);
#endif
}

/* One refused attach: the status, *out untouched, the arena untouched. */
static void check_attach_refused(void *base, size_t size, uint64_t offset,
                                 const struct mbx_options *options, enum mbx_status expected)
{
	struct mbx_mailbox *sentinel = (struct mbx_mailbox *)(void *)snapshot;
	struct mbx_mailbox *mailbox = sentinel;

	CHECK_STATUS(mbx_mailbox_attach(&mailbox, base, size, offset, options), expected);
	CHECK(mailbox == sentinel);
	CHECK_UNCHANGED();
}

static void attach_refuses_bad_memory_and_bad_handles(void)
{
	const struct mbx_variant *poison_variant;
	const struct mbx_base *poison_base;
	enum mbx_wake_kind poison_wake;
	unsigned char *base = memory_base();

	reset_arena();
	CHECK_STATUS(mbx_mailbox_attach(NULL, base, MEMORY_SIZE, 0, NULL), MBX_E_INVALID);
	CHECK_UNCHANGED();
	check_attach_refused(NULL, MEMORY_SIZE, 0, NULL, MBX_E_INVALID);
	check_attach_refused(base, 0, 0, NULL, MBX_E_TOO_SMALL);
	check_attach_refused(base, MBX_MAILBOX_BYTES - 1, 0, NULL, MBX_E_TOO_SMALL);
	/* The address is checked, not the offset alone. */
	check_attach_refused(base + 1, MEMORY_SIZE - 1, 0, NULL, MBX_E_MISALIGNED);
	check_attach_refused(base + 3, MEMORY_SIZE - 3, 4, NULL, MBX_E_MISALIGNED);
	check_attach_refused(base, MEMORY_SIZE, 2, NULL, MBX_E_MISALIGNED);
	check_attach_refused(base, MEMORY_SIZE, MEMORY_SIZE - MBX_MAILBOX_BYTES + 4, NULL,
	                     MBX_E_OUT_OF_BOUNDS);
	check_attach_refused(base, MEMORY_SIZE, UINT64_MAX - 3, NULL, MBX_E_OUT_OF_BOUNDS);
	/* base + size wraps the address space: never dereferenced. */
	check_attach_refused((void *)(UINTPTR_MAX - 4095u), 8192, 0, NULL, MBX_E_INVALID);
	check_attach_refused((void *)(uintptr_t)4096u, SIZE_MAX, 0, NULL, MBX_E_INVALID);

	struct mbx_options options = {.wake = MBX_WAKE_COUNT};
	check_attach_refused(base, MEMORY_SIZE, 0, &options, MBX_E_INVALID);
	options.wake = (enum mbx_wake_kind) - 1;
	check_attach_refused(base, MEMORY_SIZE, 0, &options, MBX_E_INVALID);
	CHECK_STATUS(mbx_wake_find("nope", &poison_wake), MBX_E_UNKNOWN_NAME);
	options.wake = poison_wake;
	check_attach_refused(base, MEMORY_SIZE, 0, &options, MBX_E_INVALID);
	/* A typo never becomes the default. */
	options = (struct mbx_options){0};
	CHECK_STATUS(mbx_variant_find("sequencd", &poison_variant), MBX_E_UNKNOWN_NAME);
	options.variant = poison_variant;
	check_attach_refused(base, MEMORY_SIZE, 0, &options, MBX_E_UNKNOWN_NAME);
	options = (struct mbx_options){0};
	CHECK_STATUS(mbx_base_find("rcu-memb", &poison_base), MBX_E_UNKNOWN_NAME);
	options.base = poison_base;
	check_attach_refused(base, MEMORY_SIZE, 0, &options, MBX_E_UNKNOWN_NAME);
	/* A pointer that is not a row (a hand-made or stray handle). */
	options = (struct mbx_options){.variant = (const struct mbx_variant *)(void *)arena};
	check_attach_refused(base, MEMORY_SIZE, 0, &options, MBX_E_INVALID);
	options = (struct mbx_options){.base = (const struct mbx_base *)(void *)arena};
	check_attach_refused(base, MEMORY_SIZE, 0, &options, MBX_E_INVALID);

	/* An aligned address from an unaligned base and offset is fine. */
	struct mbx_mailbox *mailbox = NULL;
	CHECK_STATUS(mbx_mailbox_attach(&mailbox, base + 2, MEMORY_SIZE - 2, 2, NULL), MBX_OK);
	CHECK(mbx_mailbox_region(mailbox) == (void *)(base + 4));
	mbx_mailbox_detach(mailbox);
	CHECK_UNCHANGED();
}

static void mailbox_calls_refuse_null_and_bad_values(void)
{
	struct mbx_waker waker = {.mailbox = NULL, .task_id = 77};
	bool signalled = true;
	struct mbx_mailbox *mailbox;

	reset_arena();
	mbx_mailbox_detach(NULL);
	CHECK_STATUS(mbx_enqueue(NULL, 1), MBX_E_INVALID);
	CHECK_STATUS(mbx_mailbox_close(NULL), MBX_E_INVALID);
	CHECK(mbx_mailbox_is_closed(NULL));
	CHECK_STATUS(mbx_mailbox_is_signalled(NULL, &signalled), MBX_E_INVALID);
	CHECK(signalled); /* nothing written */
	CHECK_STATUS(mbx_mailbox_hold_base(NULL), MBX_E_INVALID);
	CHECK_STATUS(mbx_mailbox_refresh_base(NULL, memory_base(), MEMORY_SIZE), MBX_E_INVALID);
	CHECK_STATUS(mbx_mailbox_grow_memory(NULL, NULL, 1, NULL), MBX_E_INVALID);
	CHECK(mbx_mailbox_region(NULL) == NULL);
	CHECK(mbx_mailbox_variant(NULL) == NULL);
	CHECK(mbx_mailbox_base(NULL) == NULL);
	CHECK_EQ(mbx_mailbox_wake(NULL), MBX_WAKE_COUNT);
	CHECK_STATUS(mbx_mailbox_wait_for_signal(NULL, 0), MBX_E_INVALID);
	CHECK_EQ(mbx_mailbox_host_take(NULL, ignore_id, NULL), 0);
	CHECK(!mbx_mailbox_host_pending(NULL));
	CHECK_STATUS(mbx_waker_init(NULL, NULL, 1), MBX_E_INVALID);
	CHECK_STATUS(mbx_waker_init(&waker, NULL, 1), MBX_E_INVALID);
	CHECK_STATUS(mbx_waker_wake(NULL), MBX_E_INVALID);
	CHECK_STATUS(mbx_waker_wake(&waker), MBX_E_INVALID); /* a waker without a mailbox */
	CHECK_UNCHANGED();

	mailbox = attach_ok(NULL);
	CHECK_STATUS(mbx_mailbox_is_signalled(mailbox, NULL), MBX_E_INVALID);
	CHECK_STATUS(mbx_enqueue(mailbox, 0), MBX_E_BAD_TASK_ID);
	CHECK_STATUS(mbx_enqueue(mailbox, UINT64_C(1) << 32), MBX_E_BAD_TASK_ID);
	CHECK_STATUS(mbx_enqueue(mailbox, UINT64_MAX), MBX_E_BAD_TASK_ID);
	CHECK_STATUS(mbx_waker_init(&waker, mailbox, 0), MBX_E_BAD_TASK_ID);
	CHECK_STATUS(mbx_waker_init(&waker, mailbox, UINT64_MAX), MBX_E_BAD_TASK_ID);
	CHECK(waker.mailbox == NULL && waker.task_id == 77); /* nothing written */
	CHECK_STATUS(mbx_mailbox_wait_for_signal(mailbox, 0), MBX_E_TIMEOUT);
	CHECK_EQ(mbx_mailbox_host_take(mailbox, NULL, NULL), 0);
	CHECK_EQ(mbx_mailbox_host_take(mailbox, ignore_id, NULL), 0); /* a ring variant */
	CHECK(!mbx_mailbox_host_pending(mailbox));
	/* refresh_base checks the new memory as attach does, and changes nothing. */
	unsigned char *base = memory_base();
	CHECK_STATUS(mbx_mailbox_refresh_base(mailbox, NULL, MEMORY_SIZE), MBX_E_INVALID);
	CHECK_STATUS(mbx_mailbox_refresh_base(mailbox, base, 16), MBX_E_TOO_SMALL);
	CHECK_STATUS(mbx_mailbox_refresh_base(mailbox, base + 1, MEMORY_SIZE - 1),
	             MBX_E_MISALIGNED);
	CHECK_STATUS(mbx_mailbox_refresh_base(mailbox, (void *)(UINTPTR_MAX - 4095u), 8192),
	             MBX_E_INVALID);
	CHECK(mbx_mailbox_region(mailbox) == (void *)base);
	/* grow_memory on memory this mailbox is not attached to. */
	struct mbx_memory *other;
	CHECK_STATUS(mbx_memory_create(&other, 1, 2, MBX_GROWTH_RESERVED), MBX_OK);
	uint32_t old_pages = 99;
	CHECK_STATUS(mbx_mailbox_grow_memory(mailbox, other, 1, &old_pages), MBX_E_INVALID);
	CHECK_STATUS(mbx_mailbox_grow_memory(mailbox, NULL, 1, &old_pages), MBX_E_INVALID);
	CHECK_EQ(old_pages, 99);
	CHECK_EQ(mbx_memory_pages(other), 1);
	mbx_memory_destroy(other);
	CHECK_UNCHANGED();
	mbx_mailbox_detach(mailbox);
}

static void memory_calls_refuse_null_and_bad_values(void)
{
	struct mbx_memory *memory;
	uint32_t value = 42, old_pages = 42;

	/* mbx_memory_create's bad sizes and policies: memory_test.c, create_rejects_bad_sizes. */
	mbx_memory_destroy(NULL);
	CHECK_STATUS(mbx_memory_grow(NULL, 1, &old_pages), MBX_E_INVALID);
	CHECK(mbx_memory_stale_words(NULL, 0, 4) == 0);
	CHECK(mbx_memory_base(NULL) == NULL);
	CHECK_EQ(mbx_memory_size(NULL), 0);
	CHECK_EQ(mbx_memory_pages(NULL), 0);
	CHECK_EQ(mbx_memory_maximum_pages(NULL), 0);
	CHECK_EQ(mbx_memory_growth(NULL), MBX_GROWTH_RESERVED);
	CHECK_STATUS(mbx_memory_load_u32(NULL, 0, &value), MBX_E_INVALID);
	CHECK_STATUS(mbx_memory_store_u32(NULL, 0, 1), MBX_E_INVALID);

	CHECK_STATUS(mbx_memory_create(&memory, 1, 1, MBX_GROWTH_MOVING), MBX_OK);
	CHECK_STATUS(mbx_memory_grow(memory, 1, &old_pages), MBX_E_GROW_LIMIT);
	CHECK_STATUS(mbx_memory_grow(memory, UINT32_MAX, &old_pages), MBX_E_GROW_LIMIT);
	CHECK_EQ(old_pages, 42);
	CHECK_STATUS(mbx_memory_load_u32(memory, 0, NULL), MBX_E_INVALID);
	CHECK_STATUS(mbx_memory_load_u32(memory, 2, &value), MBX_E_MISALIGNED);
	CHECK_STATUS(mbx_memory_load_u32(memory, MBX_PAGE_SIZE, &value), MBX_E_OUT_OF_BOUNDS);
	CHECK_STATUS(mbx_memory_load_u32(memory, UINT64_MAX - 3, &value), MBX_E_OUT_OF_BOUNDS);
	CHECK_STATUS(mbx_memory_store_u32(memory, MBX_PAGE_SIZE - 2, 1), MBX_E_MISALIGNED);
	CHECK_STATUS(mbx_memory_store_u32(memory, UINT64_MAX - 3, 1), MBX_E_OUT_OF_BOUNDS);
	CHECK_EQ(value, 42);
	CHECK(mbx_memory_stale_words(memory, UINT64_MAX - 3, SIZE_MAX) == 0);
	CHECK_EQ(mbx_memory_pages(memory), 1);
	mbx_memory_destroy(memory);
}

static void guest_and_tally_calls_refuse_null_and_bad_values(void)
{
	enum mbx_guest_kind kind = MBX_GUEST_CORRECTED;
	struct mbx_guest guest;
	struct mbx_tally tally;
	struct mbx_mailbox *mailbox;
	uint32_t taken = 42;

	reset_arena();
	CHECK(strcmp(mbx_guest_name(MBX_GUEST_COUNT), "unknown") == 0);
	CHECK(strcmp(mbx_guest_name((enum mbx_guest_kind) - 1), "unknown") == 0);
	CHECK_STATUS(mbx_guest_find("reference", NULL), MBX_E_INVALID);
	CHECK_STATUS(mbx_guest_find(NULL, &kind), MBX_E_UNKNOWN_NAME);
	CHECK_STATUS(mbx_guest_find("correctd", &kind), MBX_E_UNKNOWN_NAME);
	CHECK_EQ(kind, MBX_GUEST_CORRECTED);
	mailbox = attach_ok(NULL);
	take_snapshot();
	memset(&guest, 0x5a, sizeof guest);
	CHECK_STATUS(mbx_guest_init(NULL, mailbox, MBX_GUEST_CORRECTED, ignore_id, NULL),
	             MBX_E_INVALID);
	CHECK_STATUS(mbx_guest_init(&guest, NULL, MBX_GUEST_CORRECTED, ignore_id, NULL),
	             MBX_E_INVALID);
	CHECK_STATUS(mbx_guest_init(&guest, mailbox, MBX_GUEST_COUNT, ignore_id, NULL),
	             MBX_E_INVALID);
	CHECK_STATUS(mbx_guest_init(&guest, mailbox, MBX_GUEST_CORRECTED, NULL, NULL),
	             MBX_E_INVALID);
	CHECK(((unsigned char *)&guest)[0] == 0x5a); /* nothing written */
	CHECK_STATUS(mbx_guest_drain(NULL, &taken), MBX_E_INVALID);
	CHECK_EQ(taken, 42);
	CHECK_STATUS(mbx_guest_wait(NULL, 0), MBX_E_INVALID);
	CHECK_EQ(mbx_guest_skip_unpublished(NULL), 0);
	CHECK(!mbx_guest_work_pending(NULL));
	CHECK_UNCHANGED();
	mbx_mailbox_detach(mailbox);

	memset(&tally, 0x5a, sizeof tally);
	CHECK_STATUS(mbx_tally_init(NULL, 1, 1), MBX_E_INVALID);
	CHECK_STATUS(mbx_tally_init(&tally, 0, 1), MBX_E_INVALID);
	CHECK_STATUS(mbx_tally_init(&tally, MBX_TALLY_MAX_PRODUCERS + 1, 1), MBX_E_INVALID);
	CHECK_STATUS(mbx_tally_init(&tally, 1, MBX_TALLY_MAX_SEQUENCE + 1), MBX_E_INVALID);
	CHECK(((unsigned char *)&tally)[0] == 0x5a);
	mbx_tally_destroy(NULL);
	mbx_tally_record(NULL, 1, false);
	mbx_tally_deliver(NULL, 1, false);
	struct mbx_tally_counts counts = mbx_tally_finish(NULL, 5);
	CHECK_EQ(counts.delivered, 0);
	CHECK_EQ(counts.lost, 5);
	/* A destroyed tally records nothing (and does not touch freed bits). */
	CHECK_STATUS(mbx_tally_init(&tally, 1, 10), MBX_OK);
	mbx_tally_destroy(&tally);
	mbx_tally_record(&tally, mbx_tally_id(0, 1), false);
	CHECK_EQ(tally.counts.delivered, 0);
	/* Out-of-range ids are counted stale, nothing else. */
	CHECK_STATUS(mbx_tally_init(&tally, 1, 10), MBX_OK);
	mbx_tally_record(&tally, 0, false);
	mbx_tally_record(&tally, mbx_tally_id(1, 1), false);
	mbx_tally_record(&tally, mbx_tally_id(0, 11), false);
	mbx_tally_record(&tally, UINT32_MAX, true);
	CHECK_EQ(tally.counts.stale, 4);
	CHECK_EQ(tally.counts.delivered, 0);
	mbx_tally_destroy(&tally);
}

int main(void)
{
	RUN_CASE(statuses_have_text_for_any_value);
	RUN_CASE(variant_lookups_fail_loudly);
	RUN_CASE(wake_lookups_fail_loudly);
	RUN_CASE(base_lookups_fail_loudly);
	RUN_CASE(attach_refuses_bad_memory_and_bad_handles);
	RUN_CASE(mailbox_calls_refuse_null_and_bad_values);
	RUN_CASE(memory_calls_refuse_null_and_bad_values);
	RUN_CASE(guest_and_tally_calls_refuse_null_and_bad_values);
	return CHECK_EXIT();
}
